"""Django signals that categorisation sends for higher layers to react to.

tier_changed is sent after a decision that changes a school's tier is
committed, with school_id, tier_decision_id, old_tier and new_tier. Visits
and plans connect receivers that call their own services.
"""

import django.dispatch

tier_changed = django.dispatch.Signal()
