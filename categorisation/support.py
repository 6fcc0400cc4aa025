"""What each tier brings, as numbers other apps may supply.

Categorisation sits below visits, so it cannot read the visit cadence
itself; the visits app registers a provider from its AppConfig.ready(). The
fallback follows the trust's model: termly, half-termly and fortnightly
(about six school fortnights in a term).
"""

DEFAULT_CEO_VISITS_PER_TERM = {1: 1, 2: 2, 3: 6}

_providers = {}


def ceo_visits_per_term_provider(provider):
    """Register a function returning {tier: CEO visits per term}."""
    _providers["ceo_visits_per_term"] = provider


def ceo_visits_per_term():
    provider = _providers.get("ceo_visits_per_term")
    return provider() if provider else dict(DEFAULT_CEO_VISITS_PER_TERM)
