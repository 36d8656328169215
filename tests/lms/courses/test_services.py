"""Enrolment rules, waiting list, approval, required courses, completion and the plan."""

from decimal import Decimal

import pytest
from django.utils import timezone

from lms.courses import completion, selectors, services
from lms.courses.models import CourseRequirement, Enrolment, LecturePage
from lms.courses.rules import Slot, first_clash
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import at, make_course, require

pytestmark = pytest.mark.django_db
S = Enrolment.Status


@pytest.fixture
def people(unit_tree, category):
    return [UserFactory(username=f"t{n}", work_unit=unit_tree["county"], category=category)
            for n in range(4)]


def test_elective_enrol_is_idempotent(trainee, category):
    course = require(make_course("E1"), category).course
    first = services.enrolment_request(user=trainee, course=course)
    again = services.enrolment_request(user=trainee, course=course)
    assert first.pk == again.pk and first.status == S.ENROLLED
    assert Enrolment.objects.filter(user=trainee).count() == 1


def test_not_offered_to_my_category(trainee):
    course = make_course("X1")
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.enrolment_request(user=trainee, course=course)
    assert refusal.value.code == "not_offered"
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("opens,closes,code", [(1, 5, "enrolment_not_open"),
                                               (-5, -1, "enrolment_closed")])
def test_enrolment_window(trainee, category, opens, closes, code):
    course = require(make_course("W1", enrolment_opens=at(opens), enrolment_closes=at(closes)),
                     category).course
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.enrolment_request(user=trainee, course=course)
    assert refusal.value.code == code
    assert "W1" in refusal.value.messages[0] or "Course W1" in refusal.value.messages[0]
    assert not Enrolment.objects.exists()


def test_prerequisites_are_named(trainee, category):
    basics = require(make_course("P0", title="Basics of law"), category).course
    advanced = require(make_course("P1", prerequisites=[basics]), category).course
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.enrolment_request(user=trainee, course=advanced)
    assert refusal.value.code == "prerequisites_missing"
    assert "Basics of law" in refusal.value.messages[0]
    Enrolment.objects.create(user=trainee, course=basics, year=2000, status=S.COMPLETED,
                             source="elective")
    assert services.enrolment_request(user=trainee, course=advanced).status == S.ENROLLED


def test_timetable_clash_names_the_other_course(trainee, category):
    monday = at(10, 9)
    first = require(make_course("C1", title="Rural revitalisation", sessions=[(monday, 3)]),
                    category).course
    clashing = require(make_course("C2", sessions=[(monday.replace(hour=11), 2)]),
                       category).course
    later = require(make_course("C3", sessions=[(monday.replace(hour=12), 2)]), category).course
    services.enrolment_request(user=trainee, course=first)
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.enrolment_request(user=trainee, course=clashing)
    assert refusal.value.code == "timetable_clash"
    assert "Rural revitalisation" in refusal.value.messages[0]
    assert services.enrolment_request(user=trainee, course=later).status == S.ENROLLED


def test_capacity_waitlist_and_single_promotion(people, category):
    course = require(make_course("S1", capacity=2), category).course
    statuses = [services.enrolment_request(user=u, course=course).status for u in people]
    assert statuses == [S.ENROLLED, S.ENROLLED, S.WAITLISTED, S.WAITLISTED]
    services.enrolment_withdraw(user=people[0], course=course)
    services.enrolment_withdraw(user=people[0], course=course)  # twice: nothing more happens
    current = dict(Enrolment.objects.values_list("user__username", "status"))
    assert current == {"t0": S.WITHDRAWN, "t1": S.ENROLLED, "t2": S.ENROLLED,
                       "t3": S.WAITLISTED}


def test_approval_holds_a_seat_and_rejection_promotes(people, category):
    course = require(make_course("A1", capacity=1, requires_approval=True), category).course
    first = services.enrolment_request(user=people[0], course=course)
    second = services.enrolment_request(user=people[1], course=course)
    assert (first.status, second.status) == (S.PENDING, S.WAITLISTED)
    services.enrolment_decide(enrolment=first, approve=False)
    second.refresh_from_db()
    assert second.status == S.PENDING
    assert services.enrolment_decide(enrolment=second, approve=True).status == S.ENROLLED
    with pytest.raises(services.EnrolmentRefused):
        services.enrolment_decide(enrolment=second, approve=True)


def test_withdrawal_deadline_and_required_courses(trainee, category):
    past = require(make_course("D1", withdrawal_deadline=at(-1)), category).course
    services.enrolment_request(user=trainee, course=past)
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.enrolment_withdraw(user=trainee, course=past)
    assert refusal.value.code == "withdrawal_closed"
    required = require(make_course("R1"), category, kind="required").course
    services.plan_sync_required(user=trainee)
    with pytest.raises(services.EnrolmentRefused) as refusal:
        services.enrolment_withdraw(user=trainee, course=required)
    assert refusal.value.code == "required_course"


def test_required_courses_follow_the_category(trainee, category):
    from tests.lms.core.factories import CategoryFactory

    required = require(make_course("R2"), category, kind="required").course
    services.plan_sync_required(user=trainee)
    services.plan_sync_required(user=trainee)
    enrolment = Enrolment.objects.get(user=trainee, course=required)
    assert (enrolment.status, enrolment.source) == (S.ENROLLED, "required")
    other = CategoryFactory(slug="rural")
    profile = trainee.trainee_profile
    profile.category = other
    profile.save()
    services.plan_sync_required(user=trainee)
    enrolment.refresh_from_db()
    assert enrolment.status == S.WITHDRAWN


def test_requirements_set_syncs_plans(people, category, django_capture_on_commit_callbacks):
    course = make_course("M1")
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.requirements_set(year=year, cells={(course.pk, category.pk): "required"})
    assert changed == {category.pk}
    assert Enrolment.objects.filter(course=course, status=S.ENROLLED).count() == len(people)
    with django_capture_on_commit_callbacks(execute=True):
        services.requirements_set(year=year, cells={(course.pk, category.pk): ""})
    assert not CourseRequirement.objects.exists()
    assert Enrolment.objects.filter(course=course, status=S.ENROLLED).count() == 0


def test_a_required_course_made_elective_keeps_its_trainees(people, category,
                                                             django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    kept = make_course("K1")
    dropped = make_course("K2", capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.requirements_set(year=year, cells={(kept.pk, category.pk): "required",
                                                    (dropped.pk, category.pk): "required"})
    # K2 is full of required places; an outsider waits for one.
    outsider = UserFactory(username="outsider")
    services.staff_enrol(user_ids=[outsider.pk], course=dropped, by=None, override_rules=True)
    assert Enrolment.objects.get(user=outsider).status == S.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.requirements_set(year=year, cells={(kept.pk, category.pk): "elective",
                                                    (dropped.pk, category.pk): ""})
    # Still offered as an elective: everyone keeps the place, now as their own choice.
    assert set(Enrolment.objects.filter(course=kept).values_list("status", "source")) == {
        (S.ENROLLED, Enrolment.Source.ELECTIVE)}
    # No longer offered: the required places are withdrawn and the waiting list moves up.
    assert Enrolment.objects.filter(course=dropped, status=S.WITHDRAWN).count() == len(people)
    assert Enrolment.objects.get(user=outsider).status == S.ENROLLED


def test_a_place_the_office_gave_skips_approval_off_the_waiting_list(people, category):
    course = require(make_course("AP-1", capacity=1, requires_approval=True), category).course
    services.staff_enrol(user_ids=[p.pk for p in people[:2]], course=course, by=None)
    first, second = (Enrolment.objects.get(user=user) for user in people[:2])
    assert (first.status, second.status) == (S.ENROLLED, S.WAITLISTED)
    services.enrolment_request(user=people[2], course=course)  # waits, after the staff place
    Enrolment.objects.filter(pk=first.pk).update(status=S.WITHDRAWN)  # the seat frees
    services.waitlist_fill(course=course)
    second.refresh_from_db()
    assert second.status == S.ENROLLED  # a staff place: no approval round
    assert Enrolment.objects.get(user=people[2]).status == S.WAITLISTED


def test_lectures_complete_the_course_and_credit_hours(trainee, category):
    course = require(make_course("L1", hours="6", lectures=2), category).course
    lectures = list(LecturePage.objects.child_of(course))
    with pytest.raises(services.EnrolmentRefused):
        services.lecture_mark_done(user=trainee, lecture=lectures[0])
    services.enrolment_request(user=trainee, course=course)
    assert services.lecture_mark_done(user=trainee, lecture=lectures[0]).status == S.ENROLLED
    services.lecture_mark_done(user=trainee, lecture=lectures[0])  # twice: one record
    done = services.lecture_mark_done(user=trainee, lecture=lectures[1])
    assert (done.status, done.credited_hours) == (S.COMPLETED, Decimal("6"))
    plan = selectors.plan_for(trainee)
    assert plan.done_hours == Decimal("6")


def test_registered_criteria_must_all_hold(trainee, category):
    course = require(make_course("L2", lectures=1), category).course
    services.enrolment_request(user=trainee, course=course)

    @completion.criterion("test_quiz", label="Quiz passed")
    def quiz(enrolment):
        return 0, 1

    try:
        lecture = LecturePage.objects.child_of(course).get()
        assert services.lecture_mark_done(user=trainee, lecture=lecture).status == S.ENROLLED
        enrolment = Enrolment.objects.get(user=trainee, course=course)
        assert [p.name for p in completion.progress(enrolment)] == [
            "lectures", "videos", "quizzes", "participation", "test_quiz"]
    finally:
        completion.unregister("test_quiz")


def test_plan_hours(trainee, category):
    category.annual_required_hours = Decimal("20")
    category.min_elective_hours = Decimal("8")
    category.save()
    require(make_course("R3", hours="10"), category, kind="required")
    elective = require(make_course("E3", hours="4"), category).course
    services.plan_sync_required(user=trainee)
    plan = selectors.plan_for(trainee)
    assert (plan.planned_hours, plan.elective_hours_to_choose, plan.unplanned_hours) == (
        Decimal("10"), Decimal("8"), Decimal("10"))
    services.enrolment_request(user=trainee, course=elective)
    plan = selectors.plan_for(trainee)
    assert (plan.planned_hours, plan.elective_hours_to_choose) == (Decimal("14"), Decimal("4"))
    assert plan.owed_hours == Decimal("20")


def test_staff_enrol_fills_seats_then_waitlists(people, category):
    course = make_course("B1", capacity=3)
    ids = [person.pk for person in people]
    result = services.staff_enrol(user_ids=ids, course=course, by=None, override_rules=True)
    assert (result.enrolled, result.waitlisted, result.unchanged) == (3, 1, 0)
    assert services.staff_enrol(user_ids=ids, course=course, by=None).unchanged == 4


def test_first_clash_is_linear_and_exact():
    day = at(3, 8)
    hour = timezone.timedelta(hours=1)
    chosen = [Slot(1, "A", day, day + hour), Slot(2, "B", day + 3 * hour, day + 4 * hour)]
    assert first_clash([Slot(3, "C", day + hour, day + 3 * hour)], chosen) is None  # touching
    clash = first_clash([Slot(3, "C", day + 2 * hour, day + 3 * hour + hour / 2)], chosen)
    assert clash[1].course_title == "B"


def test_more_seats_published_take_people_off_the_waiting_list(people, category,
                                                               django_capture_on_commit_callbacks):
    course = require(make_course("S2", capacity=1), category).course
    for person in people:
        services.enrolment_request(user=person, course=course)
    course.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    statuses = list(Enrolment.objects.order_by("user__username").values_list("status", flat=True))
    assert statuses == [S.ENROLLED, S.ENROLLED, S.ENROLLED, S.WAITLISTED]


def test_plan_follows_a_category_change_on_save(trainee, category,
                                                django_capture_on_commit_callbacks):
    from tests.lms.core.factories import CategoryFactory

    other = CategoryFactory(slug="other-cat")
    course = require(make_course("F-1"), other, kind="required").course
    profile = type(trainee.trainee_profile).objects.get(user=trainee)
    with django_capture_on_commit_callbacks() as unchanged:
        profile.position = "Chief"
        profile.save()
    assert unchanged == []  # no category change, no plan work
    with django_capture_on_commit_callbacks(execute=True):
        profile.category = other
        profile.save()
    assert Enrolment.objects.get(user=trainee, course=course).status == S.ENROLLED


def test_staff_record_completion_of_an_offline_course(trainee, category, instructor):
    course = require(make_course("OFF-1", hours="6", format="offline", capacity=1),
                     category).course
    services.enrolment_request(user=trainee, course=course)
    late = UserFactory(username="late", first_name="Late Comer", category=category)
    assert services.enrolment_request(user=late, course=course).status == "waitlisted"
    # No lecture: no criterion applies, so only a recorded completion can complete it.
    assert not completion.is_complete(Enrolment.objects.get(user=trainee, course=course))

    stranger = UserFactory(username="stranger", first_name="Never Enrolled")
    result = services.completions_record(course=course,
                                         user_ids=[trainee.pk, late.pk, stranger.pk],
                                         by=instructor)
    assert result == {"completed": 1, "unchanged": 0,
                      "skipped": ["Late Comer", "Never Enrolled"]}
    enrolment = Enrolment.objects.get(user=trainee, course=course)
    assert (enrolment.status, enrolment.credited_hours, enrolment.completed_by) == (
        "completed", Decimal("6"), instructor)
    assert selectors.plan_for(trainee).done_hours == Decimal("6")
    assert Enrolment.objects.get(user=late).status == "waitlisted"

    again = services.completions_record(course=course, user_ids=[trainee.pk], by=instructor)
    assert again == {"completed": 0, "unchanged": 1, "skipped": []}
    assert services.completions_record(course=course, user_ids=[], by=instructor) == {
        "completed": 0, "unchanged": 0, "skipped": []}


def test_only_recorded_completions_can_be_taken_back(trainee, category, instructor):
    offline = require(make_course("OFF-4", hours="6", format="offline"), category).course
    online = require(make_course("ON-4", hours="2", lectures=1), category).course
    services.enrolment_request(user=trainee, course=offline)
    services.enrolment_request(user=trainee, course=online)
    services.completions_record(course=offline, user_ids=[trainee.pk], by=instructor)
    services.lecture_mark_done(user=trainee,
                               lecture=LecturePage.objects.child_of(online).first())
    assert selectors.plan_for(trainee).done_hours == Decimal("8")

    assert services.completions_revert(course=offline, user_ids=[trainee.pk]) == 1
    assert services.completions_revert(course=offline, user_ids=[trainee.pk]) == 0  # again
    assert services.completions_revert(course=online, user_ids=[trainee.pk]) == 0  # criteria
    back = Enrolment.objects.get(course=offline)
    assert (back.status, back.credited_hours, back.completed_at, back.completed_by) == (
        "enrolled", Decimal("0"), None, None)
    assert selectors.plan_for(trainee).done_hours == Decimal("2")
