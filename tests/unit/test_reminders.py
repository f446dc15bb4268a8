"""The daily reminders job: each reminder once, the dry run, the windows before the return deadline and the
closing (session 2027 in Paris: closing on 29/01/2027 at 17:00, return deadline 12/02/2027), drafts."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import select

from registration.backoffice import reminders
from registration.models import AuditEntry, DossierMail, Reminder
from registration.referentials import load_referentials
from registration.settings import PARIS
from registration.store import Store
from tests.samples import paris_candidate

VALIDATED = datetime(2026, 11, 26, 10, 0, tzinfo=PARIS)


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'reminders.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    db = Store(url)
    db.migrate()
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def refs():
    return load_referentials()


def outbox(tmp_path: Path) -> list:
    folder = tmp_path / "outbox"
    if not folder.is_dir():
        return []
    return [
        BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        for path in sorted(folder.glob("*.eml"))
    ]


def validate(store: Store, email: str = "lea.martin@example.org", sender: str = "web-" + "a" * 32):
    content = paris_candidate()
    content["email"] = email
    return store.validate(
        content,
        academie_code="01",
        session=2027,
        dossier_number=None,
        validated_at=VALIDATED,
        channel="web",
        sender_id=sender,
    )


def draft(store: Store, sender: str, **answers) -> str:
    """A registration left at the specialty question, living in Paris (académie 01)."""
    state = {
        "phase": "form",
        "answers": {"residence_lieu": "france", "code_postal": "75015", **answers},
        "version": 2,
    }
    return store.save_draft(sender, state)


@pytest.mark.at("2027-02-06T08:00:00")
def test_the_job_run_twice_sends_each_reminder_once(store, refs, tmp_path):
    waiting = validate(store, "attente@example.org")
    received = validate(store, "recue@example.org", sender="web-" + "b" * 32)
    from registration.backoffice.records import change_state

    change_state(store, refs, received.dossier_id, status="recue", staff_id=None, staff_email="s@example.fr")
    sent_before = len(outbox(tmp_path))  # the state e-mail of the second dossier

    first = reminders.run(store, refs)
    assert first.tallies["confirmation"].sent == 1 and first.tallies["confirmation"].failed == 0
    mails = outbox(tmp_path)[sent_before:]
    assert [str(m["To"]) for m in mails] == ["attente@example.org"]
    body = mails[0].get_content()
    assert "12/02/2027" in body and f"{waiting.number} – 0" in body

    second = reminders.run(store, refs)
    assert second.tallies["confirmation"].sent == 0 and second.tallies["confirmation"].due == 0
    assert len(outbox(tmp_path)) == sent_before + 1
    assert store.reminders_sent("confirmation") == 1

    def recorded(session):
        kinds = session.scalars(select(DossierMail.kind).where(DossierMail.dossier_id == waiting.dossier_id))
        journal = session.scalars(select(AuditEntry.after).where(AuditEntry.action == "relances"))
        return list(kinds), list(journal)

    kinds, journal = store.transaction(recorded)
    assert kinds == ["relance:confirmation"]
    assert journal[0].startswith("confirmation signée non reçue : 1 envoyée(s), 0 en échec")
    assert journal[1].startswith("confirmation signée non reçue : 0 envoyée(s)")


def test_the_return_deadline_window_is_respected(store, refs, tmp_path, monkeypatch):
    validate(store)
    for moment, expected in (
        ("2027-02-04T23:00:00", 0),  # 8 days before the deadline
        ("2027-02-13T08:00:00", 0),  # the day after it: late arrivals are the service's business
        ("2027-02-05T08:00:00", 1),  # 7 days before
    ):
        monkeypatch.setenv("BTS_NOW", moment)
        report = reminders.run(store, refs)
        assert report.tallies["confirmation"].sent == expected, moment
    monkeypatch.setenv("BTS_NOW", "2027-02-09T08:00:00")
    assert reminders.run(store, refs, days_before_deadline=2).tallies["confirmation"].due == 0


def test_a_dry_run_sends_and_records_nothing(store, refs, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2027-01-27T09:00:00")
    validate(store)
    draft(store, "web-" + "c" * 32, email="brouillon@example.org")
    code_before = store.resume_code_for("web-" + "c" * 32)
    assert reminders.main(["--dry-run", "--days-before-deadline", "30"], store=store) == 0
    printed = capsys.readouterr().out
    assert "simulation" in printed
    assert "confirmation signée non reçue : 1 à envoyer" in printed
    assert "inscription non terminée : 1 à envoyer" in printed
    assert outbox(tmp_path) == []
    assert store.transaction(lambda s: s.scalars(select(Reminder)).all()) == []
    assert store.transaction(lambda s: s.scalars(select(AuditEntry)).all()) == []
    assert store.resume_code_for("web-" + "c" * 32) == code_before
    assert reminders.main(["--days-before-deadline", "30"], store=store) == 0
    printed = capsys.readouterr().out
    assert "confirmation signée non reçue : 1 envoyée(s)" in printed
    assert "inscription non terminée : 1 envoyée(s)" in printed
    assert len(outbox(tmp_path)) == 2


def test_unfinished_drafts_get_their_resume_code_once_in_the_window(store, refs, tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2027-01-10T10:00:00")
    with_email = "web-" + "d" * 32
    code = draft(store, with_email, email="lea@example.org")
    draft(store, "web-" + "e" * 32)  # no e-mail answer yet: nothing to send to
    draft(store, "telegram-7", email="abroad@example.org", residence_lieu=None)  # académie unknown
    store.save_draft(
        "web-" + "f" * 32, {"phase": "done", "done_label": "12 – 0", "answers": {}, "version": 2}
    )

    monkeypatch.setenv("BTS_NOW", "2027-01-23T10:00:00")  # 6 days before the closing
    assert reminders.run(store, refs).tallies["brouillon"].due == 0
    monkeypatch.setenv("BTS_NOW", "2027-01-24T10:00:00")  # 5 days before
    report = reminders.run(store, refs)
    assert report.tallies["brouillon"].sent == 1
    mails = outbox(tmp_path)
    assert [str(m["To"]) for m in mails] == ["lea@example.org"]
    body = mails[0].get_content()
    assert code in body and "29/01/2027 à 17:00" in body and f"reprendre {code}" in body
    assert store.find_draft_by_code(code) is not None  # the code in the e-mail opens the draft
    assert reminders.run(store, refs).tallies["brouillon"].sent == 0
    assert len(outbox(tmp_path)) == 1
    monkeypatch.setenv("BTS_NOW", "2027-01-29T17:00:00")  # closed: nothing more, even for a new draft
    draft(store, "web-" + "9" * 32, email="late@example.org")
    assert reminders.run(store, refs).tallies["brouillon"].due == 0


def test_an_expired_resume_code_is_renewed_in_the_reminder(store, refs, tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2026-12-01T10:00:00")
    old = draft(store, "web-" + "1" * 32, email="lea@example.org")
    monkeypatch.setenv("BTS_NOW", "2027-01-25T10:00:00")  # 55 days later: the old code no longer opens it
    assert store.find_draft_by_code(old) is None
    assert reminders.run(store, refs).tallies["brouillon"].sent == 1
    body = outbox(tmp_path)[0].get_content()
    assert old not in body
    fresh = store.resume_code_for("web-" + "1" * 32)
    assert fresh and fresh in body and store.find_draft_by_code(fresh) is not None


def test_a_failed_e_mail_is_tried_again_by_the_next_run(store, refs, tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2027-02-06T08:00:00")
    validate(store)

    def broken(message, settings=None):
        raise OSError("smtp down")

    working = reminders.send_confirmation
    monkeypatch.setattr(reminders, "send_confirmation", broken)
    report = reminders.run(store, refs)
    assert report.tallies["confirmation"].failed == 1 and report.tallies["confirmation"].sent == 0
    assert store.transaction(lambda s: s.scalars(select(Reminder)).all()) == []
    monkeypatch.setattr(reminders, "send_confirmation", working)
    assert reminders.run(store, refs).tallies["confirmation"].sent == 1
