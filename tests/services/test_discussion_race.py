"""Services lane: real concurrent transactions on PostgreSQL racing on discussions — one user's
votes racing give one vote and the right score; many users' votes all count; flags racing give
one flag; replies racing keep the thread's count."""

import pytest

from lms.discussions import services
from lms.discussions.models import Post, PostFlag, PostVote
from tests.lms.core.factories import UserFactory
from tests.lms.discussions.factories import course_with_people, start
from tests.lms.quizzes.factories import enrol
from tests.services.test_enrolment_race import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def opening(services_lane):
    people = course_with_people("DRACE")
    thread = start(people)
    return people, thread, thread.posts.get()


def test_one_users_racing_votes_make_one_vote(opening):
    people, _thread, post = opening
    _results, errors = race([lambda: services.post_vote(post_id=post.pk, user=people["bo"],
                                                        value=1)] * 5)
    assert not errors, errors
    assert PostVote.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).score == 1


def test_many_users_racing_votes_all_count(opening):
    people, _thread, post = opening
    voters = [UserFactory(username=f"voter{n}") for n in range(6)]
    for voter in voters:
        enrol(voter, people["course"])
    _results, errors = race([
        (lambda voter=voter: services.post_vote(post_id=post.pk, user=voter, value=1))
        for voter in voters])
    assert not errors, errors
    assert Post.objects.get(pk=post.pk).score == 6 == PostVote.objects.count()


def test_racing_flags_make_one(opening):
    people, _thread, post = opening
    _results, errors = race([lambda: services.post_flag(post_id=post.pk, user=people["bo"],
                                                        reason="spam")] * 4)
    assert len(errors) == 3 and {error.code for error in errors} == {"already_flagged"}
    assert PostFlag.objects.count() == 1 and Post.objects.get(pk=post.pk).open_flags == 1


def test_racing_replies_keep_the_count(opening):
    people, thread, _post = opening
    _results, errors = race([
        (lambda n=n: services.post_reply(thread_id=thread.pk, user=people["teacher"],
                                         body=f"Reply {n}")) for n in range(5)])
    assert not errors, errors
    thread.refresh_from_db()
    assert thread.reply_count == 5 == Post.objects.filter(depth=1).count()


@pytest.fixture
def debate(services_lane):
    from django.utils import timezone

    from tests.lms.discussions.factories import debate_setup

    people = course_with_people("DDEB")
    trainees = [UserFactory(username=f"debater{n}") for n in range(6)]
    for trainee in trainees:
        enrol(trainee, people["course"])
    thread = start(people, user=people["teacher"], kind="debate",
                   debate=debate_setup(timezone.now() + timezone.timedelta(hours=1)))
    return people, thread, trainees


def test_racing_side_choices_stay_balanced(debate):
    from lms.discussions.models import DebateSide

    _people, thread, trainees = debate
    _results, errors = race([
        (lambda trainee=trainee: services.side_choose(thread_id=thread.pk, user=trainee,
                                                      side="pro")) for trainee in trainees])
    # Under the debate's lock the first takes pro; every other pro would unbalance the sides.
    assert len(errors) == 5 and {error.code for error in errors} == {"side_full"}
    assert DebateSide.objects.filter(debate__thread=thread).count() == 1


def test_racing_audience_votes_make_one(debate):
    from lms.discussions.models import AudienceVote

    _people, thread, trainees = debate
    _results, errors = race([lambda: services.audience_vote(thread_id=thread.pk,
                                                            user=trainees[0], side="con")] * 5)
    assert not errors, errors
    assert AudienceVote.objects.filter(debate__thread=thread).count() == 1
