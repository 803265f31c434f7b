"""allauth adapter: failed-login counting per (account, client address)."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth counts failed logins per "key" (the address typed); we add the client's
        address, so that failures from one address never lock the account out for its owner
        elsewhere. The per-address limit (``ACCOUNT_RATE_LIMITS["login_failed"]``) still stops
        one client trying many accounts.
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}@{self.get_client_ip(request)}"
