"""Signals the groups send; notification handlers (helper apps) connect to them.

Both are sent from ``transaction.on_commit`` in communities.services, so a receiver sees
the stored row and a rolled-back post never notifies anyone. A receiver that queues mail
should still do so in its own transaction (website.mail.queue_mail with a key).

- ``post_created(sender=Post, post=<Post>)``
- ``reply_created(sender=Reply, reply=<Reply>)``
"""

from django.dispatch import Signal

post_created = Signal()
reply_created = Signal()
