"""Delivery engine (being written)."""


def run_worker(campaign_id: int) -> dict:
    raise NotImplementedError


def sweep() -> dict:
    return {}
