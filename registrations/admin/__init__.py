"""The organisers' screens in the Wagtail admin (see :mod:`registrations.wagtail_hooks`)."""
