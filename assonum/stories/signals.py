"""Wagtail signals that concern proposed stories: tell the author when it is decided."""

from wagtail.signals import page_published, workflow_rejected

from .models import StoryPage


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, StoryPage):
        from .services import notify_published

        notify_published(page=instance)


def on_workflow_rejected(sender, instance, **kwargs):
    page = instance.content_object
    if getattr(page, "specific_class", None) is StoryPage:
        page = page.specific  # workflow states point at the base Page
    if not isinstance(page, StoryPage):
        return
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state is not None else ""
    from .services import notify_rejected

    notify_rejected(page=page, comment=comment)


def connect():
    page_published.connect(on_page_published, sender=StoryPage,
                           dispatch_uid="stories_notify_published")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="stories_notify_rejected")
