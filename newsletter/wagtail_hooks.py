from newsletter import subscriber_hooks  # noqa: F401
