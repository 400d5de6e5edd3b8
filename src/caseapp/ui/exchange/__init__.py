"""The "Pertukaran Data" section: send and receive exchange bundles, resolve conflicts, manage trusted offices."""

from caseapp.ui.exchange.page import ExchangePage, create_page

__all__ = ["ExchangePage", "create_page"]
