"""Copy the subscription history (SubscriberLog) into the shared transition log.

``source`` (where the change came from: the sign-up page, "confirmation", "preferences",
"one-click"...) becomes the log's note; the date is kept. Nobody is recorded as "by": these
changes were made by the subscriber through a link, not by a logged-in user.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    SubscriberLog = apps.get_model("newsletter", "SubscriberLog")
    TransitionLog = apps.get_model("core", "TransitionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="newsletter",
                                                              model="subscriber")
    rows = list(SubscriberLog.objects.order_by("at", "pk"))
    for start in range(0, len(rows), 1000):
        chunk = rows[start:start + 1000]
        created = TransitionLog.objects.bulk_create([
            TransitionLog(content_type=content_type, object_id=str(log.subscriber_id),
                          from_state=log.from_status, to_state=log.to_status,
                          note=log.source) for log in chunk])
        for entry, log in zip(created, chunk, strict=True):
            entry.at = log.at  # auto_now_add set "now" on creation
        TransitionLog.objects.bulk_update(created, ["at"])


def backwards(apps, schema_editor):
    SubscriberLog = apps.get_model("newsletter", "SubscriberLog")
    Subscriber = apps.get_model("newsletter", "Subscriber")
    TransitionLog = apps.get_model("core", "TransitionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="newsletter", model="subscriber").first()
    if content_type is None:
        return
    entries = TransitionLog.objects.filter(content_type=content_type)
    existing = set(Subscriber.objects.values_list("pk", flat=True))
    SubscriberLog.objects.bulk_create([
        SubscriberLog(subscriber_id=int(entry.object_id), from_status=entry.from_state,
                      to_status=entry.to_state, source=entry.note[:200], at=entry.at)
        for entry in entries if int(entry.object_id) in existing])
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_digest_kinds_from_plugins"),
        ("core", "0002_transitionlog"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
