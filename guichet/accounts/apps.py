from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "guichet.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import recovery_codes, signals  # noqa: F401  (connects the receivers)

        recovery_codes.install()
