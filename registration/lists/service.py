"""Reading, previewing, publishing, going back over any list the exam service maintains, as its kind declares it.

The same for every kind (``kinds/``): an upload is read (every error, nothing stored), merged into the list in
effect and compared with it (the preview); publishing stores the result as the next version, in effect at the
next turn of every server, with an audit entry, then runs the kind's ``after_publish``; going back publishes a
copy of an earlier version (0: the shipped file), so the history is never rewritten.
"""

from __future__ import annotations

from typing import Any, TypeVar

from registration.lists.core import (
    Author,
    Context,
    InEffect,
    ListKind,
    Preview,
    Publication,
    Reading,
    UnknownVersion,
    Upload,
    Version,
)
from registration.store.list_versions import PublishedVersion, Publishing

V = TypeVar("V")


def _version(kind: ListKind[V], found: PublishedVersion) -> Version[V]:
    return Version(
        key=found.key,
        version=found.version,
        value=kind.decode(found.data, found.version),
        source=found.source,
        published_by=found.published_by,
        published_at=found.published_at,
        changes=found.changes,
        restores=found.restores,
    )


def latest(kind: ListKind[V], ctx: Context, key: str = "") -> Version[V] | None:
    """The version published last; None while the shipped file is in effect."""
    found = ctx.store.latest_version(kind.name, key)
    return _version(kind, found) if found is not None else None


def latest_of_every_key(kind: ListKind[V], ctx: Context) -> dict[str, Version[V]]:
    return {key: _version(kind, found) for key, found in ctx.store.latest_versions(kind.name).items()}


def in_effect(kind: ListKind[V], ctx: Context, key: str = "") -> InEffect[V]:
    published = latest(kind, ctx, key)
    if published is None:
        return InEffect(0, kind.shipped(ctx, key), None)
    return InEffect(published.version, published.value, published)


def history(kind: ListKind[V], ctx: Context, key: str = "") -> list[Version[V]]:
    """Every published version, newest first."""
    return [_version(kind, found) for found in ctx.store.list_versions(kind.name, key)]


def read(kind: ListKind[V], ctx: Context, upload: Upload) -> Preview[V]:
    """What an upload would change: every error, or the list after it and the changes. Nothing is stored."""
    key, errors = kind.check(ctx, upload) if kind.check is not None else ("", [])
    if errors or upload.text is None:
        return Preview(kind, upload, errors, key=key)
    reading: Reading[V] = kind.read(ctx, upload)
    key = reading.key or key
    if reading.errors or reading.value is None:
        return Preview(kind, upload, list(reading.errors), reading.count, key)
    if not kind.versioned:
        changes = kind.changes(ctx, None, reading.value)
        return Preview(kind, upload, [], reading.count, key, reading.value, None, changes)
    before = in_effect(kind, ctx, key)
    after = kind.merge(before.value, reading.value)
    return Preview(
        kind, upload, [], reading.count, key, after, before, kind.changes(ctx, before.value, after)
    )


def publish(
    kind: ListKind[V], ctx: Context, seen: Preview[V], *, source: str, author: Author
) -> Publication[V]:
    """Publishes a preview without error (read again from its text by the caller, never trusted as sent back)."""
    if not seen.ok or seen.value is None:
        raise ValueError("a file with errors is never published")
    if kind.import_into is not None:
        return Publication(None, kind.import_into(ctx, seen.value, source, author))
    return publish_value(kind, ctx, seen.value, key=seen.key, source=source, author=author)


def publish_value(
    kind: ListKind[V],
    ctx: Context,
    value: V,
    *,
    source: str,
    author: Author,
    key: str = "",
    restores: int | None = None,
) -> Publication[V]:
    """Stores ``value`` as the next version of the kind (of its ``key``), in effect at once; audited."""
    texts = kind.texts
    stored_source = kind.source_of(value) if kind.source_of is not None else source
    summary = kind.summary(value)

    def describe(previous: PublishedVersion | None) -> Publishing:
        if previous is not None:
            before: V | None = kind.decode(previous.data, previous.version)
            was = f"version {previous.version}"
        else:
            before = kind.shipped(ctx, key)
            was = "fichier livré"
        if before is not None and kind.summary(before):
            was += f" ({kind.summary(before)})"
        changes = "\n".join(kind.changes(ctx, before, value)) or texts.no_change
        if restores is not None:
            changes = f"Retour à la version {restores}.{texts.separator}{changes}"
        return Publishing(
            changes=changes,
            action=texts.audit_revert if restores is not None else texts.audit_publish,
            subject=texts.audit_subject.format(key=key),
            before=was if previous is not None or before is not None else None,
            after=(f"{summary} ; " if summary else "") + f"{stored_source} ; {changes}",
        )

    found = ctx.store.publish_version(
        kind.name,
        key,
        kind.encode(value),
        source=stored_source,
        published_by=author.email,
        staff_id=author.staff_id,
        describe=describe,
        restores=restores,
    )
    version = _version(kind, found)
    outcome: Any = kind.after_publish(ctx, version) if kind.after_publish is not None else None
    return Publication(version, outcome)


def revert(kind: ListKind[V], ctx: Context, version: int, *, author: Author, key: str = "") -> Publication[V]:
    """Publishes a copy of an earlier version (0: the shipped file) as a new version; UnknownVersion if none."""
    if not kind.versioned:
        raise UnknownVersion(f"{kind.name}: no versions")
    if version == 0:
        value = kind.shipped(ctx, key)
        if value is None:
            raise UnknownVersion(f"{kind.name} {key}: no shipped file")
        source = kind.texts.shipped_source
    else:
        found = ctx.store.list_version(kind.name, key, version)
        if found is None:
            raise UnknownVersion(f"{kind.name} {key}: no version {version}")
        value, source = kind.decode(found.data, found.version), found.source
    return publish_value(kind, ctx, value, source=source, author=author, key=key, restores=version)
