"""Debates: a motion, two sides kept balanced or assigned, rounds with deadlines, speeches only
for one's own side while a round is open, the moderator's scores, the audience vote before and
after — through the services and the API, bad input refused with nothing stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.discussions import services
from lms.discussions.models import AudienceVote, DebateScore, DebateSide, Post, Thread
from lms.discussions.services import DiscussionRefused
from tests.lms.core.factories import UserFactory
from tests.lms.discussions.factories import course_with_people, debate_setup, start
from tests.lms.quizzes.factories import enrol

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def people():
    people = course_with_people("DB")
    people["cy"] = UserFactory(username="db-cy", first_name="Cy")
    enrol(people["cy"], people["course"])
    return people


def refused(code, call, **kwargs):
    with pytest.raises(DiscussionRefused) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def debate(people, first_opens, **setup):
    return start(people, user=people["teacher"], kind=Thread.Kind.DEBATE, title="The motion",
                 debate=debate_setup(first_opens, **setup))


def test_a_debate_needs_a_motion_and_rounds_in_order(people):
    now = timezone.now()
    teacher = people["teacher"]
    setup = debate_setup(now)
    for broken, code in (({"motion": "  "}, "motion_required"),
                         ({"rounds": []}, "bad_rounds"),
                         ({"side_mode": "lottery"}, "bad_side_mode"),
                         ({"rounds": [{"opens_at": now, "closes_at": now}]}, "bad_round"),
                         ({"rounds": [setup["rounds"][1], setup["rounds"][0]]}, "bad_round"),
                         ({"rounds": [{"opens_at": "soon", "closes_at": now}]}, "bad_round")):
        refused(code, start, people=people, user=teacher, kind=Thread.Kind.DEBATE,
                debate={**setup, **broken})
    refused("kind_for_moderators", start, people=people, kind=Thread.Kind.DEBATE, debate=setup)
    assert not Thread.objects.exists()
    thread = debate(people, now)
    assert [r.kind for r in thread.debate.rounds.all()] == ["opening", "rebuttal", "closing"]


def test_chosen_sides_stay_balanced_and_are_kept_once_spoken(people):
    now = timezone.now()
    thread = debate(people, now + HOUR)
    ann, bo, cy = people["ann"], people["bo"], people["cy"]
    services.side_choose(thread_id=thread.pk, user=ann, side="pro", now=now)
    refused("side_full", services.side_choose, thread_id=thread.pk, user=bo, side="pro",
            now=now)
    services.side_choose(thread_id=thread.pk, user=bo, side="con", now=now)
    services.side_choose(thread_id=thread.pk, user=cy, side="pro", now=now)
    refused("moderator_no_side", services.side_choose, thread_id=thread.pk,
            user=people["teacher"], side="pro", now=now)
    refused("bad_side", services.side_choose, thread_id=thread.pk, user=cy, side="maybe",
            now=now)
    services.post_reply(thread_id=thread.pk, user=ann, body="For!", now=now + 2 * HOUR)
    refused("side_taken", services.side_choose, thread_id=thread.pk, user=ann, side="con",
            now=now + 2 * HOUR)
    sides = dict(DebateSide.objects.values_list("user__username", "side"))
    assert sides == {"db-ann": "pro", "db-bo": "con", "db-cy": "pro"}
    refused("debate_over", services.side_choose, thread_id=thread.pk, user=cy, side="con",
            now=now + 100 * HOUR)


def test_assigned_sides_are_the_instructors(people):
    now = timezone.now()
    thread = debate(people, now + HOUR, side_mode="assigned")
    refused("sides_assigned", services.side_choose, thread_id=thread.pk, user=people["ann"],
            side="pro", now=now)
    refused("not_moderator", services.sides_assign, thread_id=thread.pk, by=people["ann"],
            balance=True)
    stranger = UserFactory(username="db-stranger")
    refused("not_a_trainee", services.sides_assign, thread_id=thread.pk, by=people["teacher"],
            assignments={people["ann"].pk: "con", stranger.pk: "pro"})
    assert not DebateSide.objects.exists()
    services.sides_assign(thread_id=thread.pk, by=people["teacher"],
                          assignments={people["ann"].pk: "con"}, balance=True)
    sides = dict(DebateSide.objects.values_list("user__username", "side"))
    assert sides["db-ann"] == "con"
    assert sorted(sides.values()) == ["con", "pro", "pro"]


def test_speeches_only_for_ones_side_and_inside_a_round(people):
    now = timezone.now()
    thread = debate(people, now + HOUR)
    ann, bo, cy = people["ann"], people["bo"], people["cy"]
    services.side_choose(thread_id=thread.pk, user=ann, side="pro", now=now)
    services.side_choose(thread_id=thread.pk, user=bo, side="con", now=now)
    too_early = refused("outside_round", services.post_reply, thread_id=thread.pk, user=ann,
                        body="Early", now=now)
    assert "next one opens" in too_early.message
    during = now + 2 * HOUR
    refused("wrong_side", services.post_reply, thread_id=thread.pk, user=ann, body="Con?",
            side="con", now=during)
    refused("no_side", services.post_reply, thread_id=thread.pk, user=cy, body="Me too",
            now=during)
    speech = services.post_reply(thread_id=thread.pk, user=ann, body="For", side="pro",
                                 now=during)
    rebuttal = services.post_reply(thread_id=thread.pk, user=bo, body="Against",
                                   parent_id=speech.pk, now=during + 25 * HOUR)
    chair = services.post_reply(thread_id=thread.pk, user=people["teacher"], body="Order!",
                                now=during)
    first, second = thread.debate.rounds.all()[:2]
    assert (speech.side, speech.round_id) == ("pro", first.pk)
    assert (rebuttal.side, rebuttal.round_id) == ("con", second.pk)
    assert (chair.side, chair.round_id) == ("", first.pk)
    refused("moderator_no_side", services.post_reply, thread_id=thread.pk,
            user=people["teacher"], body="x", side="pro", now=during)
    over = refused("outside_round", services.post_reply, thread_id=thread.pk, user=bo,
                   body="Late", now=now + 100 * HOUR)
    assert "over" in over.message
    refused("not_a_debate", services.post_reply, thread_id=start(people).pk, user=ann,
            body="x", side="pro")
    assert Post.objects.filter(thread=thread).count() == 4


def test_the_audience_votes_before_and_after(people):
    now = timezone.now()
    thread = debate(people, now + HOUR)
    ann, bo = people["ann"], people["bo"]
    services.audience_vote(thread_id=thread.pk, user=ann, side="con", now=now)
    services.audience_vote(thread_id=thread.pk, user=ann, side="pro", now=now)  # changes it
    services.audience_vote(thread_id=thread.pk, user=bo, side="con", now=now)
    refused("vote_closed", services.audience_vote, thread_id=thread.pk, user=bo, side="pro",
            now=now + 2 * HOUR)
    refused("moderator_no_side", services.audience_vote, thread_id=thread.pk,
            user=people["teacher"], side="pro", now=now)
    after = now + 80 * HOUR
    services.audience_vote(thread_id=thread.pk, user=bo, side="pro", now=after)
    assert sorted(AudienceVote.objects.values_list("user__username", "stage", "side")) == [
        ("db-ann", "before", "pro"), ("db-bo", "after", "pro"), ("db-bo", "before", "con")]
    services.thread_status_set(thread_id=thread.pk, by=people["teacher"], status="closed",
                               reason="Debate over")
    refused("vote_closed", services.audience_vote, thread_id=thread.pk, user=ann, side="pro",
            now=after)


def test_the_moderator_scores_rounds_that_opened(people):
    now = timezone.now()
    thread = debate(people, now - HOUR)
    first, second = thread.debate.rounds.all()[:2]
    teacher = people["teacher"]
    refused("not_moderator", services.round_score, thread_id=thread.pk, by=people["ann"],
            round_id=first.pk, side="pro", score=7)
    refused("round_not_open", services.round_score, thread_id=thread.pk, by=teacher,
            round_id=second.pk, side="pro", score=7)
    refused("bad_score", services.round_score, thread_id=thread.pk, by=teacher,
            round_id=first.pk, side="pro", score=11)
    refused("bad_round", services.round_score, thread_id=thread.pk, by=teacher,
            round_id=second.pk + 100, side="pro", score=5)
    services.round_score(thread_id=thread.pk, by=teacher, round_id=first.pk, side="pro",
                         score=7, note="Clear")
    services.round_score(thread_id=thread.pk, by=teacher, round_id=first.pk, side="pro",
                         score=8)
    assert list(DebateScore.objects.values_list("side", "score")) == [("pro", 8)]


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_a_debate_through_the_api(api_client, people):
    now = timezone.now()
    thread = debate(people, now - HOUR)  # the opening round is open
    ann, bo, cy = people["ann"], people["bo"], people["cy"]
    client = as_user(api_client, ann)
    detail = client.get(f"/api/v1/threads/{thread.pk}/").json()["debate"]
    assert detail["motion"].startswith("Village committees")
    assert detail["audience"]["stage"] == "debating" and detail["may_choose_side"]
    assert [r["state"] for r in detail["rounds"]] == ["open", "upcoming", "upcoming"]
    assert detail["current_round"] == detail["rounds"][0]["id"]
    chosen = client.post(detail["urls"]["side"], {"side": "pro"}, format="json")
    assert chosen.status_code == 200 and chosen.json()["my_side"] == "pro"
    assert chosen.json()["sides"]["pro"]["debaters"] == [{"id": ann.pk, "name": "Ann"}]
    full = as_user(api_client, bo).post(detail["urls"]["side"], {"side": "pro"}, format="json")
    assert full.status_code == 409 and full.json()["code"] == "side_full"
    as_user(api_client, bo).post(detail["urls"]["side"], {"side": "con"}, format="json")
    posts = f"/api/v1/threads/{thread.pk}/posts/"
    wrong = as_user(api_client, ann).post(posts, {"body": "x", "side": "con"}, format="json")
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_side"
    audience = as_user(api_client, cy).post(posts, {"body": "x"}, format="json")
    assert audience.status_code == 403 and audience.json()["code"] == "no_side"
    assert Post.objects.filter(thread=thread).count() == 1
    made = as_user(api_client, ann).post(posts, {"body": "For", "side": "pro"}, format="json")
    assert made.status_code == 201
    assert made.json()["side"] == "pro"
    assert made.json()["round"] == {"id": detail["rounds"][0]["id"],
                                    "name": "Opening statements"}
    as_user(api_client, bo).post(posts, {"body": "Against"}, format="json")
    pro = as_user(api_client, cy).get(posts + "?side=pro&order=oldest").json()["results"]
    assert [(p["html"].strip(), p["side"]) for p in pro] == [("<p>For</p>", "pro")]
    assert as_user(api_client, cy).get(posts + "?side=maybe").status_code == 400
    closed = as_user(api_client, cy).post(detail["urls"]["vote"], {"side": "pro"},
                                          format="json")
    assert closed.status_code == 409 and closed.json()["code"] == "vote_closed"
    scored = as_user(api_client, people["teacher"]).post(detail["urls"]["scores"], {
        "round": detail["rounds"][0]["id"], "side": "con", "score": 6}, format="json")
    assert scored.status_code == 200 and scored.json()["sides"]["con"]["score"] == 6
    refused_score = as_user(api_client, ann).post(detail["urls"]["scores"], {
        "round": detail["rounds"][0]["id"], "side": "pro", "score": 10}, format="json")
    assert refused_score.status_code == 403 and not DebateScore.objects.filter(
        side="pro").exists()
    api_client.force_authenticate(None)
    assert api_client.post(posts, {"body": "x", "side": "pro"},
                           format="json").status_code in (401, 403)
    assert Post.objects.filter(thread=thread).count() == 3


def test_audience_results_are_shown_once_they_cannot_sway(api_client, people):
    now = timezone.now()
    thread = debate(people, now + HOUR)
    services.audience_vote(thread_id=thread.pk, user=people["bo"], side="con")
    before = as_user(api_client, people["ann"]).get(f"/api/v1/threads/{thread.pk}/").json()
    assert before["debate"]["audience"]["before"] is None
    voted = api_client.post(before["debate"]["urls"]["vote"], {"side": "pro"}, format="json")
    assert voted.json()["audience"]["my_vote"] == {"before": "pro", "after": None}
    assert voted.json()["audience"]["before"] is None
    teacher = as_user(api_client, people["teacher"]).get(f"/api/v1/threads/{thread.pk}/")
    assert teacher.json()["debate"]["audience"]["before"] == {"pro": 1, "con": 1}


def test_debaters_speak_in_their_own_name_and_stay_on_their_side(people):
    now = timezone.now()
    thread = debate(people, now - HOUR, side_mode="assigned")
    teacher, ann = people["teacher"], people["ann"]
    services.sides_assign(thread_id=thread.pk, by=teacher, assignments={ann.pk: "pro"})
    refused("anonymous_in_debate", services.post_reply, thread_id=thread.pk, user=ann,
            body="Hidden", anonymous=True)
    services.post_reply(thread_id=thread.pk, user=ann, body="For")
    refused("side_taken", services.sides_assign, thread_id=thread.pk, by=teacher,
            assignments={ann.pk: "con"})
    assert DebateSide.objects.get(user=ann).side == "pro"
    refused("not_a_debate", start, people=people, debate=debate_setup(now))


def test_round_dates_out_of_range_are_refused(api_client, people):
    setup = debate_setup(timezone.now())
    setup["rounds"][0]["opens_at"] = timezone.now().replace(year=1999)
    refused("bad_round", start, people=people, user=people["teacher"], kind=Thread.Kind.DEBATE,
            debate=setup)
    client = as_user(api_client, people["teacher"])
    for moment in ("0001-01-01T00:00:00", "9999-12-31T23:59:59"):
        answer = client.post("/api/v1/threads/", {
            "course": people["course"].pk, "kind": "debate", "title": "x", "body": "y",
            "debate": {"motion": "m", "rounds": [
                {"kind": "opening", "opens_at": moment, "closes_at": moment}]}}, format="json")
        assert answer.status_code == 400, answer.content
    assert not Thread.objects.exists()
