"""Project services: the state machine, optimistic locking, what was published stays visible,
extensions, evidence files, the close-out gate and residents' ratings."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.core.errors import Conflict
from gongjian.projects import services
from gongjian.projects.models import (
    ChangeNotice,
    Extension,
    ProgressAttachment,
    Project,
    ProjectEvent,
    PublishedSnapshot,
    Rating,
)
from gongjian.projects.selectors import public_detail, rating_summary
from gongjian.testing import image_bytes, today

from .factories import make_opinion, make_problem, make_project, make_round

PNG = image_bytes("png")
JPG = image_bytes("jpg")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


# ------------------------------------------------------------------------------ set-up

def test_a_project_is_set_up_from_a_class_a_problem_as_a_draft(city):
    project = make_project(city)
    assert project.status == Project.Status.DRAFT
    assert project.version == 1
    assert list(project.co_units.all()) == [city.co_unit]
    assert project.batch.number == 1


def test_a_class_c_problem_cannot_become_a_project(city):
    problem = make_problem(city, klass="C")
    with pytest.raises(ValidationError) as exc:
        services.project_create(actor=city.community_user, problem=problem, title="x", lead_unit=city.unit,
                                handler="王建国", deadline=today())
    assert "problem" in exc.value.message_dict
    assert not Project.objects.exists()


def test_an_unclassified_problem_cannot_become_a_project(city):
    problem = make_problem(city, klass="")
    with pytest.raises(ValidationError):
        services.project_create(actor=city.community_user, problem=problem, title="x", lead_unit=city.unit,
                                handler="王建国", deadline=today())


def test_the_lead_unit_must_be_of_the_problems_community(city):
    problem = make_problem(city)
    with pytest.raises(ValidationError) as exc:
        services.project_create(actor=city.community_user, problem=problem, title="x", lead_unit=city.far_unit,
                                handler="王建国", deadline=today())
    assert "lead_unit" in exc.value.message_dict


# ------------------------------------------------------------------------------ the state machine

def test_a_project_walks_through_every_state(city):
    project = make_project(city)
    steps = [("approve", city.street_user, "approved"), ("start", city.unit_user, "in_progress"),
             ("report_done", city.unit_user, "completed"), ("return", city.community_user, "in_progress"),
             ("report_done", city.unit_user, "completed"), ("close", city.street_user, "closed")]
    for action, actor, expected in steps:
        project = services.project_transition(actor=actor, project=project, action=action, note="说明")
        assert project.status == expected
    assert project.closed_at is not None and project.progress == 100
    actions = list(ProjectEvent.objects.filter(project=project).values_list("action", flat=True))
    assert actions == ["create", "approve", "start", "report_done", "return", "report_done", "close"]


def test_decline_sends_an_approved_project_back_to_draft_with_a_reason(city):
    project = make_project(city, status="approved")
    project = services.project_transition(actor=city.unit_user, project=project, action="decline",
                                          note="此事属于供电公司职责")
    assert project.status == Project.Status.DRAFT
    event = ProjectEvent.objects.filter(project=project, action="decline").get()
    assert event.note == "此事属于供电公司职责" and event.actor == city.unit_user


@pytest.mark.parametrize("action,status", [("decline", "approved"), ("report_done", "in_progress"),
                                           ("return", "completed")])
def test_steps_that_need_a_note_refuse_without_one_and_change_nothing(city, action, status):
    project = make_project(city, status=status)
    actor = city.community_user if action == "return" else city.unit_user
    with pytest.raises(ValidationError) as exc:
        services.project_transition(actor=actor, project=project, action=action, note="  ")
    assert "note" in exc.value.message_dict
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.status == status and fresh.version == project.version


@pytest.mark.parametrize("action", ["start", "report_done", "close", "return", "decline"])
def test_a_step_from_the_wrong_state_is_a_conflict(city, action):
    project = make_project(city)  # draft
    with pytest.raises(Conflict):
        services.project_transition(actor=city.city_user, project=project, action=action, note="说明")
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_a_transition_from_a_stale_page_is_a_conflict(city):
    project = make_project(city, status="approved")
    stale = project.version
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=10, note="开工")
    with pytest.raises(Conflict):
        services.project_transition(actor=city.unit_user, project=project, action="start",
                                    expected_version=stale)
    assert Project.objects.get(pk=project.pk).status == Project.Status.APPROVED


# ------------------------------------------------------------------------------ optimistic locking

def test_a_second_update_from_a_stale_page_does_not_overwrite_the_first(city):
    project = make_project(city)
    page_version = project.version
    services.project_update(actor=city.street_user, project=project, expected_version=page_version,
                            handler="李四")
    with pytest.raises(Conflict):
        services.project_update(actor=city.community_user, project=project, expected_version=page_version,
                                handler="王五")
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.handler == "李四"
    assert fresh.version == page_version + 1


def test_update_refuses_unknown_fields_and_units_of_other_communities(city):
    project = make_project(city)
    with pytest.raises(ValidationError):
        services.project_update(actor=city.street_user, project=project, expected_version=1, status="closed")
    with pytest.raises(ValidationError):
        services.project_update(actor=city.street_user, project=project, expected_version=1,
                                lead_unit=city.far_unit)
    assert Project.objects.get(pk=project.pk).lead_unit == city.unit


def test_a_closed_project_is_not_changed(city):
    project = make_project(city, status="closed")
    with pytest.raises(Conflict):
        services.project_update(actor=city.city_user, project=project, expected_version=None, handler="李四")


# ------------------------------------------------------------------------------ what was published stays

def test_first_approval_keeps_a_snapshot_that_later_changes_do_not_touch(city):
    project = make_project(city, status="approved", handler="王建国")
    snapshot = PublishedSnapshot.objects.get(project=project)
    assert snapshot.handler == "王建国" and snapshot.lead_unit_name == "应城市住建局"
    assert snapshot.batch_id == project.batch_id
    services.project_transition(actor=city.unit_user, project=project, action="decline", note="不是本单位职责")
    project = Project.objects.get(pk=project.pk)
    services.project_update(actor=city.street_user, project=project, expected_version=project.version,
                            lead_unit=city.co_unit, co_units=[], handler="赵六", note="改由供电公司牵头")
    services.project_transition(actor=city.street_user, project=project, action="approve")
    assert PublishedSnapshot.objects.filter(project=project).count() == 1
    snapshot.refresh_from_db()
    assert snapshot.handler == "王建国" and snapshot.lead_unit_name == "应城市住建局"


def test_a_published_projects_deadline_change_is_a_public_notice(city):
    old = today() + timedelta(days=30)
    project = make_project(city, status="in_progress", deadline=old)
    new = old + timedelta(days=20)
    services.project_update(actor=city.street_user, project=project, expected_version=project.version,
                            deadline=new, note="雨季施工")
    notice = ChangeNotice.objects.get(project=project)
    assert notice.field == "deadline"
    assert notice.old_value == old.isoformat() and notice.new_value == new.isoformat()
    assert f"完成时限由“{old.isoformat()}”变更为“{new.isoformat()}”" in notice.public_text
    changes = public_detail(project)["changes"]
    assert changes[0]["old"] == old.isoformat() and changes[0]["reason"] == "雨季施工"


def test_a_handler_change_is_shown_publicly_with_names_masked(city):
    project = make_project(city, status="approved", handler="王建国")
    services.project_update(actor=city.street_user, project=project, expected_version=project.version,
                            handler="李卫东")
    change = public_detail(project)["changes"][0]
    assert (change["old"], change["new"]) == ("王**", "李**")
    events = public_detail(project)["events"]
    assert not any("王建国" in e["note"] or "李卫东" in e["note"] for e in events)


def test_changes_before_publication_leave_no_notice(city):
    project = make_project(city)
    services.project_update(actor=city.street_user, project=project, expected_version=1,
                            deadline=today() + timedelta(days=90), handler="李四", lead_unit=city.co_unit)
    assert not ChangeNotice.objects.exists()


# ------------------------------------------------------------------------------ extensions

def test_an_approved_extension_moves_the_deadline_and_is_shown_publicly(city):
    old = today() + timedelta(days=5)
    project = make_project(city, status="in_progress", deadline=old)
    new = old + timedelta(days=30)
    extension = services.extension_request(actor=city.unit_user, project=project, deadline=new,
                                           reason="材料未到货")
    assert extension.status == Extension.Status.PENDING and extension.old_deadline == old
    services.extension_decide(actor=city.street_user, extension=extension, approve=True, note="同意")
    project.refresh_from_db()
    assert project.deadline == new
    extension.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED and extension.decided_by == city.street_user
    detail = public_detail(project)
    assert detail["extensions"][0]["reason"] == "材料未到货"
    assert detail["changes"][0]["field"] == "deadline"
    assert "材料未到货" in detail["changes"][0]["reason"]


def test_a_refused_extension_needs_a_note_and_leaves_the_deadline(city):
    project = make_project(city, status="in_progress")
    extension = services.extension_request(actor=city.unit_user, project=project,
                                           deadline=project.deadline + timedelta(days=10), reason="人手不足")
    with pytest.raises(ValidationError):
        services.extension_decide(actor=city.street_user, extension=extension, approve=False)
    services.extension_decide(actor=city.street_user, extension=extension, approve=False, note="请按期完成")
    assert Project.objects.get(pk=project.pk).deadline == project.deadline
    with pytest.raises(Conflict):
        services.extension_decide(actor=city.street_user, extension=extension, approve=True)
    assert not ChangeNotice.objects.exists()


def test_one_pending_extension_at_a_time_and_only_a_later_deadline(city):
    project = make_project(city, status="approved")
    with pytest.raises(ValidationError):
        services.extension_request(actor=city.unit_user, project=project, deadline=project.deadline,
                                   reason="x")
    services.extension_request(actor=city.unit_user, project=project,
                               deadline=project.deadline + timedelta(days=3), reason="x")
    with pytest.raises(Conflict):
        services.extension_request(actor=city.unit_user, project=project,
                                   deadline=project.deadline + timedelta(days=9), reason="y")


def test_no_extension_for_a_completed_project(city):
    project = make_project(city, status="completed")
    with pytest.raises(Conflict):
        services.extension_request(actor=city.unit_user, project=project,
                                   deadline=project.deadline + timedelta(days=3), reason="x")


# ------------------------------------------------------------------------------ progress and evidence

def test_progress_is_refused_outside_approved_and_in_progress(city):
    project = make_project(city)
    with pytest.raises(Conflict):
        services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=10, note="x")
    assert not project.progress_reports.exists()


def test_progress_percent_is_checked_before_the_state(city):
    project = make_project(city)
    with pytest.raises(ValidationError):
        services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=120, note="x")


@pytest.mark.parametrize("kind,data", [("jpg", JPG), ("png", PNG), ("pdf", PDF), ("docx", office_file("docx")),
                                       ("xlsx", office_file("xlsx"))])
def test_evidence_files_are_typed_by_their_content(city, kind, data):
    project = make_project(city, status="in_progress")
    report = services.progress_report(
        actor=city.unit_user, project=project, unit=city.unit, percent=50, note="过半",
        attachments=[SimpleUploadedFile("照片.bin", data)])
    attachment = ProgressAttachment.objects.get(report=report)
    assert attachment.kind == kind and attachment.name == "照片.bin" and attachment.size == len(data)
    assert attachment.file.read() == data
    assert attachment.file.name.endswith(f".{kind}")


def test_a_file_that_only_claims_to_be_a_photo_is_refused(city):
    project = make_project(city, status="in_progress")
    with pytest.raises(ValidationError):
        services.progress_attach(actor=city.unit_user, project=project,
                                 file=SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image"))
    with pytest.raises(ValidationError):
        services.progress_attach(actor=city.unit_user, project=project,
                                 file=SimpleUploadedFile("a.zip", office_file("docx").replace(b"word/", b"wxyz/")))
    assert not ProgressAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused(city, settings):
    project = make_project(city, status="in_progress")
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        services.progress_attach(actor=city.unit_user, project=project, file=big)
    assert "10 MB" in exc.value.message_dict["file"][0]


# ------------------------------------------------------------------------------ ratings and close-out

def _rate(city, project, values, community=None):
    rnd = project.round
    for value in values:
        opinion = make_opinion(city, rnd, community or project.community)
        services.rating_submit(project=project, receipt_code=opinion.receipt_code, value=value)


def test_rating_only_once_the_project_is_done(city):
    project = make_project(city, status="in_progress")
    opinion = make_opinion(city, project.round)
    with pytest.raises(Conflict):
        services.rating_submit(project=project, receipt_code=opinion.receipt_code, value="satisfied")
    assert not Rating.objects.exists()


def test_one_rating_per_receipt_code(city):
    project = make_project(city, status="completed")
    opinion = make_opinion(city, project.round)
    services.rating_submit(project=project, receipt_code=opinion.receipt_code.lower(), value="basic")
    with pytest.raises(Conflict):
        services.rating_submit(project=project, receipt_code=opinion.receipt_code, value="satisfied")
    assert Rating.objects.get().value == "basic"


def test_a_code_of_another_community_or_round_does_not_qualify(city):
    project = make_project(city, status="completed")
    other = make_opinion(city, project.round, city.sibling)
    with pytest.raises(ValidationError):
        services.rating_submit(project=project, receipt_code=other.receipt_code, value="satisfied")
    later = make_opinion(city, make_round("2011年第一轮", 2011))
    with pytest.raises(ValidationError):
        services.rating_submit(project=project, receipt_code=later.receipt_code, value="satisfied")


def test_close_is_refused_when_most_ratings_are_unsatisfied(city):
    project = make_project(city, status="completed")
    _rate(city, project, ["unsatisfied", "unsatisfied", "satisfied"])
    assert rating_summary(project)["mostly_unsatisfied"] is True
    with pytest.raises(Conflict) as exc:
        services.project_transition(actor=city.street_user, project=project, action="close")
    assert "不满意" in exc.value.message
    assert Project.objects.get(pk=project.pk).status == Project.Status.COMPLETED
    # the street returns it for rework (不满意重办) …
    project = services.project_transition(actor=city.street_user, project=project, action="return",
                                          note="居民不满意，重新施工")
    assert project.status == Project.Status.IN_PROGRESS


def test_close_over_unsatisfied_ratings_needs_and_records_a_reason(city):
    project = make_project(city, status="completed")
    _rate(city, project, ["unsatisfied", "unsatisfied"])
    project = services.project_transition(actor=city.street_user, project=project, action="close",
                                          override_note="经核实已按标准完成，居民意见为其他事项")
    assert project.status == Project.Status.CLOSED
    event = ProjectEvent.objects.get(project=project, action="close_override")
    assert "经核实" in event.note


def test_close_with_half_or_more_satisfied_ratings_needs_no_reason(city):
    project = make_project(city, status="completed")
    _rate(city, project, ["unsatisfied", "basic"])
    assert services.project_transition(actor=city.street_user, project=project, action="close").status == "closed"
