from django.core.management.base import BaseCommand, CommandError

from assonum.accounts import demo


class Command(BaseCommand):
    help = "Affiche le code de double authentification (TOTP) actuel du compte d'équipe de la démo."

    def handle(self, *args, **options):
        code = demo.current_totp_code()
        if code is None:
            raise CommandError(
                "Le compte de démonstration n'a pas de TOTP : lancez « manage.py load_demo »."
            )
        self.stdout.write(code)
