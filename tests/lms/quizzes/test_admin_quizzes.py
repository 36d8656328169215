"""Quizzes in the Wagtail admin: the training office manages every quiz, an instructor those of
the courses they teach (listed, chosen, edited — forged requests for another course refused),
trainees none; the editor's checks say what is wrong in words and save nothing; the Quizzes
menu."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.quizzes.admin_quizzes import quiz_permission_policy
from lms.quizzes.models import Attempt, Quiz, QuizOverride, QuizSlot
from lms.quizzes.services import attempt_start
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.adminpages import HOME, login_redirect, page, refused
from tests.lms.quizzes.factories import bank_category, enrol, make_question, make_quiz

pytestmark = pytest.mark.django_db

@pytest.fixture
def courses(instructor):
    mine = make_course("GOV-1", title="Digital government")
    mine.instructors.add(instructor)
    mine.save()
    theirs = make_course("LAW-9", title="Someone else's course")
    return mine, theirs


@pytest.fixture
def quizzes(courses):
    mine, theirs = courses
    return (make_quiz(mine, [make_question("single")], title="My quiz"),
            make_quiz(theirs, [make_question("truefalse")], title="Their quiz"))


def quiz_data(course, *, slots=(), overrides=(), initial_slots=0, initial_overrides=0,
              **fields):
    """The editor's POST: the quiz's fields, its question places and its extra time."""
    data = {"course": course.pk if hasattr(course, "pk") else course,
            "title": "Check your understanding", "intro": "", "required_for_completion": "on",
            "attempts_allowed": "2", "time_limit_minutes": "", "opens_at": "", "closes_at": "",
            "pass_mark": "60", "grading_method": "highest", "overdue_handling": "autosubmit",
            "shuffle_options": "on", "review_after_score": "on", "review_closed_score": "on"}
    data.update(fields)
    slot_rows = [{"question": "", "draw_category": "", "draw_tag": "", "draw_count": "1",
                  "mark": "", **slot} for slot in slots]
    override_rows = [{"user": "", "extra_minutes": "0", "extra_attempts": "0", **row}
                     for row in overrides]
    data.update(nested_form_data({"slots": inline_formset(slot_rows, initial=initial_slots),
                                  "overrides": inline_formset(override_rows,
                                                              initial=initial_overrides)}))
    return {key: value for key, value in data.items() if value is not None}


# Who sees what --------------------------------------------------------------------------------

def test_anonymous_users_and_trainees_get_nothing(client, trainee, quizzes):
    mine, _theirs = quizzes
    urls = [reverse("quizzes:list"), reverse("quizzes:add"),
            reverse("quizzes:edit", args=[mine.pk]), reverse("quizzes:delete", args=[mine.pk]),
            reverse("quizzes:history", args=[mine.pk]),
            reverse("wagtailsnippetchoosers_lms_quizzes_quiz:choose")]
    for url in urls:
        assert login_redirect(client.get(url)), url
    client.force_login(trainee)
    for url in urls:
        response = client.get(url)
        assert login_redirect(response) or refused(response), url
    response = client.post(reverse("quizzes:edit", args=[mine.pk]),
                           quiz_data(mine.course, title="Taken over"))
    assert login_redirect(response) or refused(response)
    assert Quiz.objects.get(pk=mine.pk).title == "My quiz"


def test_an_instructor_lists_and_edits_only_the_quizzes_of_their_courses(client, instructor,
                                                                          quizzes):
    mine, theirs = quizzes
    client.force_login(instructor)
    listing = page(client.get(reverse("quizzes:list")))
    assert "My quiz" in listing and "Their quiz" not in listing
    listing = page(client.get(reverse("quizzes:list"), {"course": mine.course_id}))
    assert "My quiz" in listing
    for course in (theirs.course_id, "99999999999999999999999"):
        listing = page(client.get(reverse("quizzes:list"), {"course": course}))
        assert "Their quiz" not in listing
    assert page(client.get(reverse("quizzes:edit", args=[mine.pk])))
    for url in (reverse("quizzes:edit", args=[theirs.pk]),
                reverse("quizzes:delete", args=[theirs.pk])):
        assert refused(client.get(url)), url
    assert client.get(reverse("quizzes:history", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("quizzes:usage", args=[theirs.pk])).status_code == 404
    # Forged: a POST for the other course's quiz changes nothing.
    response = client.post(reverse("quizzes:edit", args=[theirs.pk]),
                           quiz_data(theirs.course, title="Taken over"))
    assert refused(response)
    assert Quiz.objects.get(pk=theirs.pk).title == "Their quiz"
    # Instructors delete nothing, not even their own.
    assert refused(client.post(reverse("quizzes:delete", args=[mine.pk])))
    assert Quiz.objects.filter(pk=mine.pk).exists()


def test_the_course_field_offers_only_the_courses_one_teaches_and_refuses_others(
        client, instructor, courses):
    mine, theirs = courses
    client.force_login(instructor)
    form = page(client.get(reverse("quizzes:add")))
    assert "Digital government" in form and "Someone else" not in form
    response = client.post(reverse("quizzes:add"), quiz_data(theirs, title="Sneaky"))
    assert "Select a valid choice" in page(response)
    for forged in ("99999999999999999999999", "abc"):
        assert "Select a valid choice" in page(client.post(reverse("quizzes:add"),
                                                           quiz_data(forged)))
    assert not Quiz.objects.exists()
    response = client.post(reverse("quizzes:add"), quiz_data(mine, title="Mine"))
    assert response.status_code == 302
    quiz = Quiz.objects.get()
    assert (quiz.course_id, quiz.created_by) == (mine.pk, instructor)
    # Moved to a course they do not teach: refused.
    response = client.post(reverse("quizzes:edit", args=[quiz.pk]),
                           quiz_data(theirs, title="Moved"))
    assert "Select a valid choice" in page(response)
    assert Quiz.objects.get().course_id == mine.pk


def test_forged_question_places_touch_no_other_quiz(client, instructor, quizzes):
    mine, theirs = quizzes
    their_place = theirs.slots.get()
    client.force_login(instructor)
    for forged in (their_place.pk, "99999999999999999999999", "abc", "-1"):
        response = client.post(reverse("quizzes:edit", args=[mine.pk]), quiz_data(
            mine.course, title="My quiz", initial_slots=1,
            slots=[{"id": forged, "question": their_place.question_id}]))
        assert response.status_code in (200, 302), forged
    their_place.refresh_from_db()
    assert (their_place.quiz_id, their_place.question_id) == (theirs.pk, theirs.slots.get(
        ).question_id)
    assert theirs.slots.count() == 1


def test_the_training_office_manages_every_quiz(client, curator, quizzes):
    mine, theirs = quizzes
    client.force_login(curator)
    listing = page(client.get(reverse("quizzes:list")))
    assert "My quiz" in listing and "Their quiz" in listing
    form = page(client.get(reverse("quizzes:edit", args=[theirs.pk])))
    assert "Digital government" in form and "Someone else" in form
    slot = theirs.slots.get()
    response = client.post(reverse("quizzes:edit", args=[theirs.pk]), quiz_data(
        theirs.course, title="Their quiz, revised", initial_slots=1,
        slots=[{"id": slot.pk, "question": slot.question_id}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Quiz.objects.get(pk=theirs.pk).title == "Their quiz, revised"
    assert client.post(reverse("quizzes:delete", args=[mine.pk])).status_code == 302
    assert not Quiz.objects.filter(pk=mine.pk).exists()


def test_a_quiz_trainees_have_taken_is_not_deleted(client, curator, trainee, quizzes):
    mine, _theirs = quizzes
    enrol(trainee, mine.course)
    attempt_start(quiz=mine, user=trainee)
    client.force_login(curator)
    response = client.post(reverse("quizzes:delete", args=[mine.pk]), follow=True)
    assert "training records" in page(response)
    bulk = reverse("wagtail_bulk_action", args=["lms_quizzes", "quiz", "delete"])
    response = client.post(f"{bulk}?id={mine.pk}", follow=True)
    assert "training records" in page(response)
    assert Quiz.objects.filter(pk=mine.pk).exists() and Attempt.objects.exists()


def test_a_quiz_trainees_have_taken_stays_on_its_course(client, curator, trainee, quizzes):
    mine, theirs = quizzes
    enrol(trainee, mine.course)
    attempt_start(quiz=mine, user=trainee)
    client.force_login(curator)
    slot = mine.slots.get()
    response = client.post(reverse("quizzes:edit", args=[mine.pk]), quiz_data(
        theirs.course, title="Moved", initial_slots=1,
        slots=[{"id": slot.pk, "question": slot.question_id}]))
    assert response.status_code == 200 and "stays there" in page(response)
    assert Quiz.objects.get(pk=mine.pk).course_id == mine.course_id


# The editor -----------------------------------------------------------------------------------

def test_an_instructor_builds_a_quiz_of_fixed_and_drawn_questions_with_extra_time(
        client, instructor, courses):
    mine, _theirs = courses
    taxes = bank_category("Taxes")
    first, second = make_question("single", category=taxes), make_question("truefalse")
    trainee = UserFactory(username="xiaoli", first_name="Li Na")
    enrol(trainee, mine)
    opens = timezone.localtime() + timedelta(days=1)
    client.force_login(instructor)
    response = client.post(reverse("quizzes:add"), quiz_data(
        mine, title="数字政府测验", opens_at=opens.strftime("%Y-%m-%d %H:%M"),
        closes_at=(opens + timedelta(days=7)).strftime("%Y-%m-%d %H:%M"),
        time_limit_minutes="30", pass_mark="75",
        slots=[{"question": second.pk, "mark": "2"}, {"draw_category": taxes.pk,
                                                       "draw_tag": "", "draw_count": "3"},
               {"question": first.pk}],
        overrides=[{"user": trainee.pk, "extra_minutes": "15", "extra_attempts": "1"}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = Quiz.objects.get()
    assert (quiz.title, quiz.time_limit_minutes, quiz.pass_mark) == ("数字政府测验", 30,
                                                                     Decimal("75"))
    places = list(quiz.slots.order_by("position").values_list(
        "position", "question_id", "draw_category_id", "draw_count", "mark"))
    assert places == [(1, second.pk, None, 1, Decimal("2")), (2, None, taxes.pk, 3, None),
                      (3, first.pk, None, 1, None)]
    override = QuizOverride.objects.get()
    assert (override.user, override.extra_minutes, override.extra_attempts) == (trainee, 15, 1)
    # Reordered in the editor: the last place comes first.
    slots = list(quiz.slots.order_by("position"))
    response = client.post(reverse("quizzes:edit", args=[quiz.pk]), quiz_data(
        mine, title="数字政府测验", initial_slots=3, slots=[
            {"id": slots[0].pk, "question": second.pk, "mark": "2", "ORDER": "2"},
            {"id": slots[1].pk, "draw_category": taxes.pk, "draw_count": "3", "ORDER": "3"},
            {"id": slots[2].pk, "question": first.pk, "ORDER": "1"}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(quiz.slots.order_by("position").values_list("question_id", flat=True)) == [
        first.pk, second.pk, None]
    # The bank's "Taxes" holds one question besides those fixed in the quiz: none to draw.
    html = page(client.get(reverse("quizzes:list")))
    assert "Question place 3 draws 3 questions from Taxes, which holds 0" in html
    assert "数字政府测验" in page(client.get(reverse("quizzes:list")))


def test_the_editor_says_what_is_wrong_and_saves_nothing(client, instructor, courses,
                                                        settings):
    mine, _theirs = courses
    question = make_question("single")
    client.force_login(instructor)
    now = timezone.localtime()
    cases = [
        ({"opens_at": now.strftime("%Y-%m-%d %H:%M"),
              "closes_at": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")},
         "must close after it opens"),
        ({"pass_mark": "150"}, "less than or equal to 100"),
        ({"pass_mark": "-1"}, "greater than or equal to 0"),
        ({"time_limit_minutes": "0"}, "greater than or equal to 1"),
        ({"slots": [{"question": "", "draw_category": "", "draw_tag": ""}]},
         "Choose a question, or a category and/or a tag"),
        ({"slots": [{"question": question.pk, "draw_tag": "vat"}]}, "not both"),
        ({"slots": [{"draw_tag": "vat", "draw_count": "0"}]}, "greater than or equal to 1"),
        ({"slots": [{"question": question.pk}, {"question": question.pk}]},
         "is in the quiz twice"),
        ({"slots": [{"question": "99999999999999999999999"}]}, "Select a valid choice"),
        ({"slots": [{"draw_category": "abc"}]}, "Select a valid choice"),
        ({"slots": [{"question": question.pk, "mark": "-2"}]}, "greater than or equal to 0"),
    ]
    for fields, words in cases:
        html = page(client.post(reverse("quizzes:add"), quiz_data(mine, **fields)))
        assert words in html, (fields, words)
        assert "Constraint" not in html
    settings.LMS_QUIZ_MAX_QUESTIONS = 5
    html = page(client.post(reverse("quizzes:add"), quiz_data(mine, slots=[
        {"question": question.pk}, {"draw_tag": "vat", "draw_count": "5"}])))
    assert "would hold 6 questions" in html and "at most 5" in html
    assert not Quiz.objects.exists() and not QuizSlot.objects.exists()


def test_extra_time_goes_to_trainees_of_ones_courses_once_each(client, instructor, courses):
    mine, theirs = courses
    ours = UserFactory(username="xiaoli", first_name="Li Na")
    enrol(ours, mine)
    stranger = UserFactory(username="other", first_name="Zhang San")
    enrol(stranger, theirs)
    client.force_login(instructor)
    form = page(client.get(reverse("quizzes:add")))
    assert "Li Na (xiaoli)" in form and "Zhang San" not in form
    html = page(client.post(reverse("quizzes:add"), quiz_data(
        mine, overrides=[{"user": stranger.pk, "extra_minutes": "10"}])))
    assert "Select a valid choice" in html
    html = page(client.post(reverse("quizzes:add"), quiz_data(
        mine, overrides=[{"user": ours.pk, "extra_minutes": "10"},
                         {"user": ours.pk, "extra_attempts": "1"}])))
    assert "duplicate" in html
    assert not Quiz.objects.exists()


def test_the_editor_shows_the_review_options_in_three_rows(client, curator, quizzes):
    mine, _theirs = quizzes
    client.force_login(curator)
    form = page(client.get(reverse("quizzes:edit", args=[mine.pk])))
    positions = [form.index(heading) for heading in (
        "During the attempt", "Right after submitting", "After the quiz closes")]
    assert positions == sorted(positions)
    for moment in ("during", "after", "closed"):
        for part in ("score", "correctness", "feedback", "answers"):
            assert f'name="review_{moment}_{part}"' in form
    assert "Extra time and attempts" in form and "Question place" in form


def test_the_quiz_list_takes_a_fixed_number_of_queries(client, curator, courses,
                                                       django_assert_max_num_queries):
    mine, theirs = courses
    question = make_question("single")
    client.force_login(curator)
    make_quiz(mine, [question], draws=[(bank_category(), "", 2)], title="Quiz 0")
    client.get(reverse("quizzes:list"))
    with django_assert_max_num_queries(40) as few:
        page(client.get(reverse("quizzes:list")))
    for n in range(1, 12):
        make_quiz((mine, theirs)[n % 2], [question], draws=[(bank_category(), "", 2)],
                  title=f"Quiz {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client.get(reverse("quizzes:list")))
    assert "Quiz 11" in html


# The page editor's quiz chooser ---------------------------------------------------------------

def test_the_quiz_chooser_offers_the_quizzes_of_ones_courses(client, instructor, quizzes):
    mine, theirs = quizzes
    client.force_login(instructor)
    html = client.get(reverse("wagtailsnippetchoosers_lms_quizzes_quiz:choose_results")
                      ).content.decode()
    assert "My quiz" in html and "Their quiz" not in html
    chosen = "wagtailsnippetchoosers_lms_quizzes_quiz:chosen"
    assert client.get(reverse(chosen, args=[mine.pk])).status_code == 200
    assert client.get(reverse(chosen, args=[theirs.pk])).status_code == 404
    assert client.get(reverse(chosen, args=["99999999999999999999999"])).status_code == 404


def test_the_policy_follows_who_teaches_the_course(instructor, curator, trainee, quizzes):
    mine, theirs = quizzes
    policy = quiz_permission_policy
    assert policy.user_has_permission_for_instance(instructor, "change", mine)
    assert not policy.user_has_permission_for_instance(instructor, "change", theirs)
    assert not policy.user_has_permission_for_instance(instructor, "delete", mine)
    assert policy.user_has_permission_for_instance(curator, "delete", theirs)
    assert not policy.user_has_any_permission_for_instance(trainee, ["view", "change"], mine)
    assert set(policy.instances_user_has_any_permission_for(instructor, ["change"])) == {mine}
    assert not policy.instances_user_has_any_permission_for(trainee, ["view"]).exists()


# The menu -------------------------------------------------------------------------------------

def test_the_quizzes_menu(client, instructor, courses, trainee):
    client.force_login(instructor)
    html = page(client.get(HOME))
    for label in ("Question bank", "Question categories", "Import questions", "Grading",
                  "Quiz results"):
        assert label in html, label
    assert reverse("quizzes:list") in html
    client.force_login(trainee)
    assert "Question bank" not in client.get(HOME, follow=True).content.decode()
