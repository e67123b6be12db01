"""The access-control matrix (issue 11 › 2): every API endpoint of the served OpenAPI document × every
role (and no token) × an object of 三眼井社区 ("own": the scope of street, community, unit, counit,
liaison, leader) and one of 城北社区 ("far": the scope of street2, community_far, unit_far) → the
expected status.

How a row reads: the kind — R a read, W a write, P public (no token needed) — then two strings of
statuses, own then far, in the order of COLUMNS. Writes are sent with an empty JSON body: API.md checks
404 → 403 → 400, so a role that may act gets 400 (the body is missing), one that may not gets 403, one
that cannot see the object 404. Meetings, supervisions, Party members, activities, standard
assessments, task requests and evaluation ratings are built on both sides too
(conftest.add_scoped_objects), so their rows hold own-versus-other scope; campaigns and standards are
city-wide (the same object on both sides). Path ids of objects the scene does not build (decisions,
follow-ups…) are an unknown id, so those rows hold "unknown id → 404, not 500" and the role checks of
the list and create endpoints.

A new endpoint in /api/v1/openapi.json without a row fails test_every_endpoint_has_a_row; a row whose
statuses are wrong fails with the observed string, to be checked by a person before it is pasted in.
"""

import json
import re

import pytest

from gongjian.api.routes import api as ninja_api

from .conftest import (
    FAR_MARKERS,
    OUTSIDERS_OF_FAR,
    OUTSIDERS_OF_OWN,
    SCOPED_KINDS,
    add_scoped_objects,
    build_scene,
)
from .matrix_engine import ALL_ROLES, Callers, fill, fingerprint, kinds_in

R, W, P = "read", "write", "public"
COLUMNS = ALL_ROLES  # anon city street street2 community community_far unit counit unit_far liaison leader

# Path parameters naming an object of one community: a user outside that community gets 404.
SCOPED_PARAMS = ("opinion_id", "problem_id", "project_id", "report_id", "extension_id", *SCOPED_KINDS)

#                                   anon city str str2 com cfar unit coun ufar liai lead
MATRIX = {
    ("POST", "/api/v1/auth/token"):
        (P, "400 400 400 400 400 400 400 400 400 400 400",
            "400 400 400 400 400 400 400 400 400 400 400"),
    ("POST", "/api/v1/users"):  # a street admin creates users of its own communities and units
        (W, "401 400 400 400 403 403 403 403 403 403 403",
            "401 400 400 400 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/todo"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/streets"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/streets"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/communities"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/communities"):
        (W, "401 400 400 400 403 403 403 403 403 403 403",
            "401 400 400 400 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/units"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/units"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/stats"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/rounds"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/rounds"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("POST", "/api/v1/rounds/{round_id}/status"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/solicitations"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/solicitations"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/categories"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/categories"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("PATCH", "/api/v1/categories/{code}"):  # {code} is an unknown code here: 404 to everyone
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/opinions"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/opinions"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/opinions/{opinion_id}"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/opinions/import"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/opinions/import/{job_id}"):
        (R, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("POST", "/api/v1/opinions/{opinion_id}/reject"):
        (W, "401 400 400 404 400 404 404 404 404 403 403",
            "401 400 404 400 404 400 404 404 404 404 404"),
    ("GET", "/api/v1/problems"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/problems"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/problems/{problem_id}"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/problems/{problem_id}/classify"):
        (W, "401 400 400 404 400 404 404 404 404 403 403",
            "401 400 404 400 404 400 404 404 404 404 404"),
    ("POST", "/api/v1/problems/{problem_id}/carry_over"):
        (W, "401 400 400 404 400 404 404 404 404 403 403",
            "401 400 404 400 404 400 404 404 404 404 404"),
    ("POST", "/api/v1/public/opinions"):
        (P, "400 400 400 400 400 400 400 400 400 400 400",
            "400 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/public/opinions/{receipt_code}"):
        (P, "200 200 200 200 200 200 200 200 200 200 200",
            "200 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/projects"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/projects"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("POST", "/api/v1/projects/import"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/projects/{project_id}"):
        (R, "401 200 200 404 200 404 200 200 404 200 200",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("PATCH", "/api/v1/projects/{project_id}"):
        (W, "401 400 400 404 400 404 403 403 404 403 403",
            "401 400 404 400 404 400 404 404 403 404 404"),
    ("POST", "/api/v1/projects/{project_id}/transition"):
        (W, "401 400 400 404 400 404 400 400 404 400 400",
            "401 400 404 400 404 400 404 404 400 404 404"),
    ("GET", "/api/v1/projects/{project_id}/progress"):
        (R, "401 200 200 404 200 404 200 200 404 200 200",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("POST", "/api/v1/projects/{project_id}/progress"):
        (W, "401 403 403 404 403 404 400 400 404 403 403",
            "401 403 404 403 404 403 404 404 400 404 404"),
    ("POST", "/api/v1/projects/{project_id}/progress/{report_id}/attachments"):
        (W, "401 403 403 404 403 404 400 400 404 403 403",
            "401 403 404 403 404 403 404 404 400 404 404"),
    ("GET", "/api/v1/projects/{project_id}/extensions"):
        (R, "401 200 200 404 200 404 200 200 404 200 200",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("POST", "/api/v1/projects/{project_id}/extension"):
        (W, "401 403 403 404 403 404 400 403 404 403 403",
            "401 403 404 403 404 403 404 404 400 404 404"),
    ("POST", "/api/v1/projects/{project_id}/extensions/{extension_id}/decide"):
        (W, "401 400 400 404 403 404 403 403 404 403 403",
            "401 400 404 400 404 403 404 404 403 404 404"),
    ("GET", "/api/v1/public/projects"):
        (P, "200 200 200 200 200 200 200 200 200 200 200",
            "200 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/public/projects/{project_id}"):
        (P, "200 200 200 200 200 200 200 200 200 200 200",
            "200 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/public/projects/{project_id}/rating"):
        (P, "400 400 400 400 400 400 400 400 400 400 400",
            "400 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/supervisions"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/supervisions"):
        (W, "401 400 400 400 403 403 403 403 403 400 403",
            "401 400 400 400 403 403 403 403 403 400 403"),
    ("GET", "/api/v1/supervisions/{supervision_id}"):
        (R, "401 200 200 404 200 404 200 404 404 200 200",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("POST", "/api/v1/supervisions/{supervision_id}/reply"):
        (W, "401 403 403 404 403 404 400 404 404 403 403",
            "401 403 404 403 404 403 404 404 400 404 404"),
    ("POST", "/api/v1/supervisions/{supervision_id}/escalate"):
        (W, "401 409 409 404 403 404 403 404 404 409 403",
            "401 409 404 409 404 403 404 404 403 404 404"),
    ("GET", "/api/v1/warnings"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/warnings"):
        (W, "401 400 400 400 403 403 403 403 403 400 403",
            "401 400 400 400 403 403 403 403 403 400 403"),
    ("POST", "/api/v1/warnings/{warning_id}/lift"):
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/supervision/risk"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/chair-terms"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/chair-terms"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/chair-terms/proposal"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/chair-recommendations"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/chair-recommendations"):
        (W, "401 400 400 400 400 400 400 400 400 403 403",
            "401 400 400 400 400 400 400 400 400 403 403"),
    ("GET", "/api/v1/meetings"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/meetings"):
        (W, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/meetings/missed"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/meetings/{meeting_id}"):
        (R, "401 200 200 404 200 404 200 200 404 200 200",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("POST", "/api/v1/meetings/{meeting_id}/attendance"):
        (W, "401 400 400 404 400 404 403 403 404 400 400",
            "401 400 404 400 404 400 404 404 403 404 404"),
    ("POST", "/api/v1/meetings/{meeting_id}/minutes"):
        (W, "401 400 400 404 400 404 403 403 404 400 400",
            "401 400 404 400 404 400 404 404 403 404 404"),
    ("POST", "/api/v1/meetings/{meeting_id}/decisions"):
        (W, "401 400 400 404 400 404 403 403 404 400 400",
            "401 400 404 400 404 400 404 404 403 404 404"),
    ("POST", "/api/v1/decisions/{decision_id}/follow-ups"):
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/follow-ups"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/follow-ups/{follow_up_id}/complete"):
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/contact-points"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/contact-points"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/committee-members"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/committee-members"):
        (W, "401 400 400 400 400 400 403 403 403 403 400",
            "401 400 400 400 400 400 403 403 403 403 400"),
    ("POST", "/api/v1/committee-members/{member_id}/retire"):
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/notifications"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/notifications/unread-count"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/notifications/read-all"):
        (W, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/notifications/{notification_id}/read"):
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/opinions/{opinion_id}/similar"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("GET", "/api/v1/evaluation/campaigns"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/evaluation/campaigns"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/evaluation/campaigns/{campaign_id}"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/evaluation/campaigns/{campaign_id}/open"):
        (W, "401 409 403 403 403 403 403 403 403 403 403",
            "401 409 403 403 403 403 403 403 403 403 403"),
    ("POST", "/api/v1/evaluation/campaigns/{campaign_id}/close"):
        (W, "401 200 403 403 403 403 403 403 403 403 403",
            "401 409 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/evaluation/campaigns/{campaign_id}/criteria"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/evaluation/campaigns/{campaign_id}/criteria"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("DELETE", "/api/v1/evaluation/criteria/{criterion_id}"):
        (W, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/evaluation/campaigns/{campaign_id}/progress"):
        (R, "401 200 200 200 403 403 403 403 403 200 200",
            "401 200 200 200 403 403 403 403 403 200 200"),
    ("POST", "/api/v1/evaluation/campaigns/{campaign_id}/remind"):
        (W, "401 200 200 200 403 403 403 403 403 403 403",
            "401 200 200 200 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/evaluation/campaigns/{campaign_id}/results"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/evaluation/campaigns/{campaign_id}/ratings"):
        (W, "401 403 403 403 400 400 400 400 400 403 403",
            "401 403 403 403 400 400 400 400 400 403 403"),
    ("GET", "/api/v1/evaluation/ratings"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/evaluation/ratings/{rating_id}"):
        (R, "401 200 404 404 200 404 404 404 404 404 404",
            "401 200 404 404 404 200 404 404 404 404 404"),
    ("GET", "/api/v1/assessment/weights"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("POST", "/api/v1/assessment/weights"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/assessment/units"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/assessment/units/{unit_id}"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/assessment/communities"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/assessment/communities/{community_id}"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/assessment/export"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/assessment/exports/{job_id}"):
        (R, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/assessment/exports/{job_id}/file"):
        (R, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/task-requests"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/task-requests"):
        (W, "401 400 403 403 403 403 400 400 400 403 403",
            "401 400 403 403 403 403 400 400 400 403 403"),
    ("GET", "/api/v1/task-requests/{request_id}"):
        (R, "401 200 200 404 200 404 200 404 404 404 404",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("POST", "/api/v1/task-requests/{request_id}/admit"):
        (W, "401 409 403 404 403 404 403 404 404 404 404",
            "401 409 404 403 404 403 404 404 403 404 404"),
    ("POST", "/api/v1/task-requests/{request_id}/refuse"):
        (W, "401 400 403 404 403 404 403 404 404 404 404",
            "401 400 404 403 404 403 404 404 403 404 404"),
    ("GET", "/api/v1/fund-promises"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/fund-promises"):
        (W, "401 400 403 403 403 403 400 400 400 403 403",
            "401 400 403 403 403 403 400 400 400 403 403"),
    ("GET", "/api/v1/payments"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/payments"):
        (W, "401 400 403 403 403 403 400 400 400 403 403",
            "401 400 403 403 403 403 400 400 400 403 403"),
    ("GET", "/api/v1/funds/summary"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/cadre-trainings"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/cadre-trainings"):
        (W, "401 400 400 400 400 400 403 403 403 403 403",
            "401 400 400 400 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/community-budgets"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/community-budgets"):
        (W, "401 400 400 400 403 403 403 403 403 403 403",
            "401 400 400 400 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/conditions/overview"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/standards"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/standards"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/standards/{standard_id}"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/standards/{standard_id}/criteria"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/standard-targets"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/standard-targets"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/standard-targets/{target_id}/progress"):
        (R, "401 404 404 404 404 404 404 404 404 404 404",
            "401 404 404 404 404 404 404 404 404 404 404"),
    ("GET", "/api/v1/assessments"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/assessments"):
        (W, "401 400 403 403 400 400 403 403 403 403 403",
            "401 400 403 403 400 400 403 403 403 403 403"),
    ("GET", "/api/v1/assessments/{assessment_id}"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/assessments/{assessment_id}/submit"):
        (W, "401 403 403 404 200 404 404 404 404 403 403",
            "401 403 404 403 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/assessments/{assessment_id}/review"):
        (W, "401 409 409 404 403 404 404 404 404 403 403",
            "401 409 404 409 404 403 404 404 404 404 404"),
    ("POST", "/api/v1/assessments/{assessment_id}/evidence"):
        (W, "401 400 403 404 400 404 404 404 404 403 403",
            "401 400 404 403 404 400 404 404 404 404 404"),
    ("GET", "/api/v1/members"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/members"):
        (W, "401 400 400 400 400 400 400 400 400 403 403",
            "401 400 400 400 400 400 400 400 400 403 403"),
    ("POST", "/api/v1/members/import"):
        (W, "401 400 400 400 400 400 400 400 400 403 403",
            "401 400 400 400 400 400 400 400 400 403 403"),
    ("GET", "/api/v1/members/{member_id}"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("GET", "/api/v1/members/{member_id}/personal"):
        (R, "401 200 403 404 200 404 404 404 404 403 403",
            "401 200 404 403 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/members/{member_id}/report"):
        (W, "401 400 400 404 400 404 404 404 404 403 403",
            "401 400 404 400 404 400 404 404 404 404 404"),
    ("GET", "/api/v1/member-reports"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/members/{member_id}/contacts"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/members/{member_id}/contacts"):
        (W, "401 400 400 404 400 404 404 404 404 403 403",
            "401 400 404 400 404 400 404 404 404 404 404"),
    ("GET", "/api/v1/members/{member_id}/dues"):
        (R, "401 200 200 404 200 404 404 404 404 200 200",
            "401 200 404 200 404 200 404 404 404 404 404"),
    ("POST", "/api/v1/members/{member_id}/dues"):
        (W, "401 400 400 404 400 404 404 404 404 403 403",
            "401 400 404 400 404 400 404 404 404 404 404"),
    ("GET", "/api/v1/member-risks"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/member-risk-settings"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("PUT", "/api/v1/member-risk-settings"):
        (W, "401 400 403 403 403 403 403 403 403 403 403",
            "401 400 403 403 403 403 403 403 403 403 403"),
    ("GET", "/api/v1/activities"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("POST", "/api/v1/activities"):
        (W, "401 400 400 400 400 400 400 400 400 403 403",
            "401 400 400 400 400 400 400 400 400 403 403"),
    ("GET", "/api/v1/activities/{activity_id}"):
        (R, "401 200 200 404 200 404 200 200 404 200 200",
            "401 200 404 200 404 200 404 404 200 404 404"),
    ("POST", "/api/v1/activities/{activity_id}/participants"):
        (W, "401 200 200 404 200 404 403 403 404 403 403",
            "401 200 404 200 404 200 404 404 403 404 404"),
    ("GET", "/api/v1/volunteer-hours"):
        (R, "401 200 200 200 200 200 200 200 200 200 200",
            "401 200 200 200 200 200 200 200 200 200 200"),
    ("GET", "/api/v1/units/{unit_id}/participation"):
        (R, "401 400 400 400 400 400 400 400 400 400 400",
            "401 400 400 400 400 400 400 400 400 400 400"),
    ("GET", "/api/v1/public/activities"):
        (P, "200 200 200 200 200 200 200 200 200 200 200",
            "200 200 200 200 200 200 200 200 200 200 200"),
}


def _codes(text: str) -> dict[str, int]:
    codes = [int(c) for c in text.split()]
    assert len(codes) == len(COLUMNS), text
    return dict(zip(COLUMNS, codes, strict=True))


def _served_endpoints() -> set[tuple[str, str]]:
    doc = ninja_api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in doc["paths"].items() for method in ops}


def test_every_endpoint_has_a_row():
    served = _served_endpoints()
    missing = sorted(served - MATRIX.keys())
    stale = sorted(MATRIX.keys() - served)
    assert not missing, f"endpoints without a row in the access matrix: {missing}"
    assert not stale, f"rows of endpoints that are no longer served: {stale}"


def test_the_served_document_lists_the_same_endpoints(client):
    served = client.get("/api/v1/openapi.json").json()
    assert {(m.upper(), p) for p, ops in served["paths"].items() for m in ops} == MATRIX.keys()


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_table_keeps_other_scopes_out(key):
    """Whatever someone pastes into the table: a scoped object is 404 to everyone outside its scope,
    and nothing but a public endpoint or the token endpoint answers a caller without a token."""
    kind, own, far = MATRIX[key]
    if kind != P:
        assert _codes(own)["anon"] == 401 and _codes(far)["anon"] == 401
    if any(f"{{{p}}}" in key[1] for p in SCOPED_PARAMS) and kind != P:
        assert all(_codes(own)[r] == 404 for r in OUTSIDERS_OF_OWN), "an own object seen from outside"
        assert all(_codes(far)[r] == 404 for r in OUTSIDERS_OF_FAR), "a far object seen from outside"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_access_matrix(key, city):
    method, path = key
    kind, own, far = MATRIX[key]
    scene = add_scoped_objects(build_scene(city), kinds_in(path))
    callers = Callers(city)
    observed = {}
    problems = []
    for side in ("own", "far"):
        url = fill(path, scene, side)
        got = []
        for role in COLUMNS:
            before = fingerprint() if kind == W else None
            response = callers.call(role, method, url)
            got.append(str(response.status_code))
            body = response.content.decode("utf-8", "replace")
            if kind == W and response.status_code >= 400 and fingerprint() != before:
                problems.append(f"{side} {role}: a refused write ({response.status_code}) changed records")
            if kind != P and role in OUTSIDERS_OF_FAR + ("anon",):
                leaked = [m for m in FAR_MARKERS if m in body]
                if leaked:
                    problems.append(f"{side} {role}: the answer names 城北社区's records {leaked}")
            if response.status_code >= 400 and response.get("Content-Type", "").startswith("application/json"):
                detail = json.loads(body).get("detail", "")
                if not re.search(r"[\u4e00-\u9fff]", detail):
                    problems.append(f"{side} {role}: error detail not in Chinese: {detail!r}")
        observed[side] = " ".join(got)
    assert (observed["own"], observed["far"]) == (own, far), (
        f"observed (check, then paste):\n        ({kind[0].upper()}, \"{observed['own']}\",\n"
        f"            \"{observed['far']}\"),")
    assert not problems, problems


# ---------------------------------------------------------------------------------------- staff pages
# The main staff pages, logged in through the session (anon → 302 to the login page). {opinion} and
# {project} are the scene's own / far objects. /staff/projects/{project}/progress/ takes POST only (405).
#                                               anon city str str2 com cfar unit coun ufar liai lead
PAGES = {
    "/staff/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/registry/units/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/registry/communities/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/dashboard/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/dashboard/monthly/":
        ("302 200 200 200 403 403 403 403 403 403 403",
         "302 200 200 200 403 403 403 403 403 403 403"),
    "/staff/solicitation/workbench/":
        ("302 200 200 200 200 200 403 403 403 403 403",
         "302 200 200 200 200 200 403 403 403 403 403"),
    "/staff/solicitation/problems/":
        ("302 200 200 200 200 200 403 403 403 200 200",
         "302 200 200 200 200 200 403 403 403 200 200"),
    "/staff/solicitation/records/":
        ("302 200 200 200 200 200 403 403 403 200 200",
         "302 200 200 200 200 200 403 403 403 200 200"),
    "/staff/solicitation/rounds/":
        ("302 200 200 200 200 200 403 403 403 200 200",
         "302 200 200 200 200 200 403 403 403 200 200"),
    "/staff/solicitation/categories/":
        ("302 200 403 403 403 403 403 403 403 403 403",
         "302 200 403 403 403 403 403 403 403 403 403"),
    "/staff/solicitation/opinions/new/":
        ("302 200 200 200 200 200 403 403 403 403 403",
         "302 200 200 200 200 200 403 403 403 403 403"),
    "/staff/solicitation/opinions/import/":
        ("302 200 200 200 200 200 403 403 403 403 403",
         "302 200 200 200 200 200 403 403 403 403 403"),
    "/staff/solicitation/opinions/{opinion}/receipt/":
        ("302 200 200 404 200 404 404 404 404 200 200",
         "302 200 404 200 404 200 404 404 404 404 404"),
    "/staff/solicitation/opinions/{opinion}/similar/":
        ("302 200 200 404 200 404 404 404 404 200 200",
         "302 200 404 200 404 200 404 404 404 404 404"),
    "/staff/projects/":
        ("302 200 200 200 200 200 302 302 302 200 200",
         "302 200 200 200 200 200 302 302 302 200 200"),
    "/staff/projects/mine/":
        ("302 302 302 302 302 302 200 200 200 302 302",
         "302 302 302 302 302 302 200 200 200 302 302"),
    "/staff/projects/closeout/":
        ("302 200 200 200 403 403 403 403 403 403 403",
         "302 200 200 200 403 403 403 403 403 403 403"),
    "/staff/projects/new/":
        ("302 200 200 200 200 200 403 403 403 403 403",
         "302 200 200 200 200 200 403 403 403 403 403"),
    "/staff/projects/{project}/":
        ("302 200 200 404 200 404 200 200 404 200 200",
         "302 200 404 200 404 200 404 404 200 404 404"),
    "/staff/projects/{project}/progress/":
        ("302 405 405 405 405 405 405 405 405 405 405",
         "302 405 405 405 405 405 405 405 405 405 405"),
    "/staff/supervision/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/supervision/projects/{project}/issue/":
        ("302 200 200 404 403 404 403 403 404 200 403",
         "302 200 404 200 404 403 404 404 403 404 404"),
    "/staff/inbox/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/members/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/members/export.xlsx":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/activities/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/funding/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/funding/export.xlsx":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
    "/staff/conditions/":
        ("302 200 200 200 200 200 403 403 403 403 403",
         "302 200 200 200 200 200 403 403 403 403 403"),
    "/staff/standards/":
        ("302 200 200 200 200 200 403 403 403 200 200",
         "302 200 200 200 200 200 403 403 403 200 200"),
    "/staff/evaluation/":
        ("302 200 200 200 200 200 200 200 200 200 200",
         "302 200 200 200 200 200 200 200 200 200 200"),
}
SCOPED_PAGES = ("{opinion}", "{project}")


def test_page_table_keeps_other_scopes_out():
    for page, (own, far) in PAGES.items():
        assert _codes(own)["anon"] == 302 and _codes(far)["anon"] == 302, page
        if any(p in page for p in SCOPED_PAGES) and not page.endswith("/progress/"):
            assert all(_codes(own)[r] == 404 for r in OUTSIDERS_OF_OWN), page
            assert all(_codes(far)[r] == 404 for r in OUTSIDERS_OF_FAR), page


def test_staff_pages_matrix(city):
    from .conftest import role_users
    from .matrix_engine import page_client

    scene = build_scene(city)
    users = role_users(city)
    clients = {role: page_client(users.get(role)) for role in COLUMNS}
    failures = []
    for page, (own, far) in PAGES.items():
        for side, expected in (("own", own), ("far", far)):
            objects = scene.own if side == "own" else scene.far
            url = page.replace("{opinion}", str(objects["opinion"].pk)).replace("{project}",
                                                                                str(objects["project"].pk))
            got = []
            for role in COLUMNS:
                response = clients[role].get(url)
                got.append(str(response.status_code))
                if role in OUTSIDERS_OF_FAR and response.status_code == 200 and not response.streaming:
                    leaked = [m for m in FAR_MARKERS if m.encode() in response.content]
                    if leaked:
                        failures.append(f"{url} as {role} names 城北社区's records {leaked}")
            if " ".join(got) != expected:
                failures.append(f"{page} ({side}): expected {expected!r}, observed {' '.join(got)!r}")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------------- leaks in answers
LIST_OF = {"/api/v1/opinions": "opinion", "/api/v1/problems": "problem", "/api/v1/projects": "project"}


@pytest.mark.parametrize("path", sorted(LIST_OF))
def test_lists_never_hold_ids_of_other_scopes(path, city):
    scene = build_scene(city)
    callers = Callers(city)
    kind = LIST_OF[path]
    far_id, own_id = scene.far[kind].pk, scene.own[kind].pk
    everything = {r["id"] for r in callers.call("city", "GET", path + "?page_size=200").json()["results"]}
    assert {far_id, own_id} <= everything  # the city admin sees both: the check below can fail
    for role in OUTSIDERS_OF_FAR:
        ids = {r["id"] for r in callers.call(role, "GET", path + "?page_size=200").json()["results"]}
        assert far_id not in ids, f"{role} sees {kind} {far_id} of 城北社区 in {path}"
    for role in OUTSIDERS_OF_OWN:
        ids = {r["id"] for r in callers.call(role, "GET", path + "?page_size=200").json()["results"]}
        assert own_id not in ids, f"{role} sees {kind} {own_id} of 三眼井社区 in {path}"


def test_filtering_a_list_by_another_community_finds_nothing(city):
    scene = build_scene(city)
    callers = Callers(city)
    for path in LIST_OF:
        answer = callers.call("community", "GET", f"{path}?community={city.far.pk}")
        assert answer.status_code in (200, 400, 404)
        if answer.status_code == 200:
            assert answer.json()["results"] == [], path
        assert "FARSECRET" not in answer.content.decode()
    assert scene


def test_similar_opinions_stay_inside_the_scope(city):
    scene = build_scene(city)
    callers = Callers(city)
    own, far = scene.own["opinion"], scene.far["opinion"]
    twin = scene.far["problem"].opinions.get()  # the far problem's opinion says the same words
    far_url = f"/api/v1/opinions/{far.pk}/similar"
    assert twin.pk in [r["id"] for r in callers.call("city", "GET", far_url).json()["results"]]
    for role in OUTSIDERS_OF_FAR:
        answer = callers.call(role, "GET", far_url)
        assert answer.status_code == 404 and "FARSECRET" not in answer.content.decode(), role
    url = f"/api/v1/opinions/{own.pk}/similar"
    for role in ("street", "community", "liaison", "leader"):
        answer = callers.call(role, "GET", url)
        assert answer.status_code == 200
        assert {far.pk, twin.pk}.isdisjoint(r["id"] for r in answer.json()["results"]), role
        assert "FARSECRET" not in answer.content.decode()


def test_not_found_answers_the_same_for_another_scope_and_for_nothing(city):
    """The 404 of another community's opinion says no more than that of an id that does not exist."""
    scene = build_scene(city)
    callers = Callers(city)
    for kind, template in (("opinion", "/api/v1/opinions/{}"), ("problem", "/api/v1/problems/{}"),
                           ("project", "/api/v1/projects/{}")):
        other = callers.call("community", "GET", template.format(scene.far[kind].pk))
        missing = callers.call("community", "GET", template.format(10 ** 7))
        assert other.status_code == missing.status_code == 404
        assert other.json() == missing.json(), kind
