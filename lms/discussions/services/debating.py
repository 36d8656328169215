"""Debates: a thread with a motion, two sides and rounds with deadlines. Debaters get their side
from a moderator or choose it (the sides kept within one of each other); they speak for their
side while a round is open; a moderator scores each side per round; the audience votes on the
motion before the first round and again after the last."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.courses.models import Enrolment, course_training_year
from lms.courses.selectors import LEARNING
from lms.discussions.models import (
    AudienceVote,
    Debate,
    DebateRound,
    DebateScore,
    DebateSide,
    Post,
    Side,
    Thread,
)
from lms.discussions.services.common import (
    DiscussionRefused,
    locked,
    moderator_check,
    standing_to_write,
)

MAX_ROUNDS = 6
MAX_SCORE = 10
# The years a round may fall in: beyond them a date is a mistake (and some overflow the
# database's own range).
EARLIEST, LATEST = 2000, 2100


def _side_check(side):
    if side not in Side.values:
        raise DiscussionRefused("bad_side", _("A side is “pro” or “con”."), status=400)
    return side


def _moment(value, field):
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise DiscussionRefused("bad_round", _(
            "Give each round's %(field)s as a date and time.") % {"field": field}, status=400)
    if not EARLIEST <= value.year <= LATEST:
        raise DiscussionRefused("bad_round", _(
            "Give each round dates between %(first)d and %(last)d.") % {
                "first": EARLIEST, "last": LATEST}, status=400)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def debate_rounds_checked(rounds):
    """The rounds of a new debate as [(kind, opens_at, closes_at)], or DiscussionRefused: one to
    MAX_ROUNDS rounds, each closing after it opens and opening once the one before closed."""
    if not rounds or len(rounds) > MAX_ROUNDS:
        raise DiscussionRefused("bad_rounds", _(
            "A debate has one to %(count)d rounds.") % {"count": MAX_ROUNDS}, status=400)
    checked, previous_close = [], None
    for item in rounds:
        kind = item.get("kind") or DebateRound.Kind.OTHER
        if kind not in DebateRound.Kind.values:
            raise DiscussionRefused("bad_round", _("Unknown kind of round."), status=400)
        opens_at = _moment(item.get("opens_at"), _("opening"))
        closes_at = _moment(item.get("closes_at"), _("deadline"))
        if closes_at <= opens_at:
            raise DiscussionRefused("bad_round", _(
                "A round must close after it opens."), status=400)
        if previous_close is not None and opens_at < previous_close:
            raise DiscussionRefused("bad_round", _(
                "Rounds follow one another: each opens once the one before has closed."),
                status=400)
        checked.append((kind, opens_at, closes_at))
        previous_close = closes_at
    return checked


def debate_setup_checked(setup):
    """(motion, side mode, rounds) of a debate to start, or DiscussionRefused."""
    setup = setup or {}
    motion = " ".join((setup.get("motion") or "").split())
    if not motion:
        raise DiscussionRefused("motion_required", _("State the motion to debate."), status=400)
    if len(motion) > Debate._meta.get_field("motion").max_length:
        raise DiscussionRefused("motion_too_long", _("A motion is at most 300 characters."),
                                status=400)
    side_mode = setup.get("side_mode") or Debate.SideMode.CHOSEN
    if side_mode not in Debate.SideMode.values:
        raise DiscussionRefused("bad_side_mode", _("Sides are assigned or chosen."), status=400)
    return motion, side_mode, debate_rounds_checked(setup.get("rounds"))


def debate_create(thread, checked):
    """The Debate of a new thread from debate_setup_checked's answer."""
    motion, side_mode, rounds = checked
    debate = Debate.objects.create(thread=thread, motion=motion, side_mode=side_mode)
    DebateRound.objects.bulk_create([
        DebateRound(debate=debate, position=n, kind=kind, opens_at=opens_at, closes_at=closes_at)
        for n, (kind, opens_at, closes_at) in enumerate(rounds, start=1)])
    return debate


def _debate_locked(thread_id):
    """The debate of a thread, under the lock of the thread's row: the lock post_reply and
    thread_status_set take, so a side changes, a vote counts or a score is given either
    before or after a speech, a close, another side taken — never between their checks."""
    thread = (locked(Thread.objects)
              .select_related("course").filter(pk=thread_id).first())
    debate = Debate.objects.filter(thread=thread).first() if thread is not None else None
    if debate is None:
        raise DiscussionRefused("not_a_debate", _("This thread is not a debate."), status=404)
    debate.thread = thread
    return debate


def stage(rounds, now, status):
    """Where a debate stands for its audience: "before" the first round opens (the first vote),
    "debating", "after" the last round closed (the second vote), "closed" once a moderator
    closed the thread."""
    if status == Thread.Status.CLOSED:
        return "closed"
    if not rounds or now < rounds[0].opens_at:
        return "before"
    return "after" if now >= rounds[-1].closes_at else "debating"


def round_open(rounds, now):
    return next((item for item in rounds if item.state(now) == "open"), None)


def _trainee_check(standing):
    if standing.oversees:
        raise DiscussionRefused("moderator_no_side", _(
            "Instructors chair the debate: they take no side and do not vote."))


def side_choose(*, thread_id, user, side, now=None):
    """A trainee takes a side, if the debate lets debaters choose: not a side that already has
    more debaters than the other, and not once they have spoken for their side."""
    now = now or timezone.now()
    side = _side_check(side)
    with transaction.atomic():
        debate = _debate_locked(thread_id)
        thread = debate.thread
        _trainee_check(standing_to_write(thread.course, user))
        if debate.side_mode == Debate.SideMode.ASSIGNED:
            raise DiscussionRefused("sides_assigned", _(
                "In this debate the instructor assigns the sides."))
        if stage(list(debate.rounds.all()), now, thread.status) in ("after", "closed"):
            raise DiscussionRefused("debate_over", _("This debate is over."), status=409)
        mine = DebateSide.objects.filter(debate=debate, user=user).first()
        if mine is not None and mine.side == side:
            return debate
        if mine is not None and Post.objects.filter(thread=thread, author=user).exclude(
                side="").exists():
            raise DiscussionRefused("side_taken", _(
                "You have spoken for your side: it cannot change now."), status=409)
        others = DebateSide.objects.filter(debate=debate).exclude(user=user)
        joining = others.filter(side=side).count()
        other = others.exclude(side=side).count()
        if joining > other:
            raise DiscussionRefused("side_full", _(
                "That side has more debaters already: join the other side to keep them "
                "balanced."), status=409)
        DebateSide.objects.update_or_create(debate=debate, user=user, defaults={
            "side": side, "assigned_by": None, "created_at": now})
    return debate


def sides_assign(*, thread_id, by, assignments=None, balance=False, now=None):
    """A moderator puts trainees on sides: `assignments` {user id: side} for trainees on the
    course, and with `balance` every trainee of the course without a side, each on the side
    with fewer debaters. Returns the debate."""
    now = now or timezone.now()
    with transaction.atomic():
        debate = _debate_locked(thread_id)
        course = debate.thread.course
        moderator_check(by, course.pk)
        trainees = set(Enrolment.objects.filter(
            course=course, year=course_training_year(course), status__in=LEARNING)
            .values_list("user_id", flat=True))
        for user_id, side in (assignments or {}).items():
            _side_check(side)
            if user_id not in trainees:
                raise DiscussionRefused("not_a_trainee", _(
                    "Only trainees on this course debate."), status=400)
        current = dict(DebateSide.objects.filter(debate=debate).values_list("user_id", "side"))
        moved = [user_id for user_id, side in (assignments or {}).items()
                 if current.get(user_id, side) != side]
        if moved and Post.objects.filter(thread=debate.thread, author_id__in=moved).exclude(
                side="").exists():
            raise DiscussionRefused("side_taken", _(
                "A debater who has spoken for a side stays on it."), status=409)
        for user_id, side in (assignments or {}).items():
            DebateSide.objects.update_or_create(debate=debate, user_id=user_id, defaults={
                "side": side, "assigned_by": by, "created_at": now})
        if balance:
            taken = dict(DebateSide.objects.filter(debate=debate)
                         .values_list("user_id", "side"))
            counts = {value: list(taken.values()).count(value) for value in Side.values}
            new = []
            for user_id in sorted(trainees - set(taken)):
                side = min(Side.values, key=lambda value: (counts[value], value == Side.CON))
                counts[side] += 1
                new.append(DebateSide(debate=debate, user_id=user_id, side=side,
                                      assigned_by=by, created_at=now))
            DebateSide.objects.bulk_create(new)
    return debate


def audience_vote(*, thread_id, user, side, now=None):
    """A trainee's vote on the motion: the first before the first round opens, the second once
    the last round has closed (until the thread is closed); changing one's vote within a stage
    replaces it. Returns the debate."""
    now = now or timezone.now()
    side = _side_check(side)
    with transaction.atomic():
        debate = _debate_locked(thread_id)
        _trainee_check(standing_to_write(debate.thread.course, user))
        when = stage(list(debate.rounds.all()), now, debate.thread.status)
        if when not in AudienceVote.Stage.values:
            raise DiscussionRefused("vote_closed", _(
                "The audience votes before the first round and after the last one; not "
                "now.") if when == "debating" else _("This debate is closed: voting is over."),
                status=409)
        AudienceVote.objects.update_or_create(debate=debate, user=user, stage=when,
                                              defaults={"side": side, "voted_at": now})
    return debate


def round_score(*, thread_id, by, round_id, side, score, note="", now=None):
    """The moderator scores one side in a round that has opened (0 to 10); scoring again
    replaces the score. Returns the debate."""
    now = now or timezone.now()
    side = _side_check(side)
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= MAX_SCORE:
        raise DiscussionRefused("bad_score", _(
            "A score is a whole number from 0 to %(max)d.") % {"max": MAX_SCORE}, status=400)
    with transaction.atomic():
        debate = _debate_locked(thread_id)
        moderator_check(by, debate.thread.course_id)
        scored = DebateRound.objects.filter(debate=debate, pk=round_id).first()
        if scored is None:
            raise DiscussionRefused("bad_round", _("That round is not in this debate."),
                                    status=400)
        if scored.state(now) == "upcoming":
            raise DiscussionRefused("round_not_open", _(
                "A round is scored once it has opened."), status=409)
        DebateScore.objects.update_or_create(round=scored, side=side, defaults={
            "score": score, "note": (note or "").strip()[:500], "scored_by": by,
            "scored_at": now})
    return debate


def speech_check(thread, standing, requested_side, now):
    """(side, round) of a debater's post in a debate, or DiscussionRefused: trainees speak
    only for the side they are on, and only while a round is open; moderators (the chair)
    speak for no side at any time."""
    rounds = list(DebateRound.objects.filter(debate__thread=thread))
    current = round_open(rounds, now)
    if standing.oversees:
        if requested_side:
            raise DiscussionRefused("moderator_no_side", _(
                "Instructors chair the debate: they take no side and do not vote."))
        return "", current
    mine = (DebateSide.objects.filter(debate__thread=thread, user=standing.user)
            .values_list("side", flat=True).first())
    if mine is None:
        raise DiscussionRefused("no_side", _(
            "Only debaters speak in a debate: choose a side first, or follow it from the "
            "audience and vote on the motion."))
    if requested_side and requested_side != mine:
        raise DiscussionRefused("wrong_side", _(
            "You debate for the other side: you can only speak for your own."))
    if current is None:
        upcoming = next((item for item in rounds if item.state(now) == "upcoming"), None)
        if upcoming is None:
            message = _("The debate's rounds are over: it takes no more speeches.")
        else:
            message = _("No round is open: the next one opens at %(when)s.") % {
                "when": timezone.localtime(upcoming.opens_at).strftime("%Y-%m-%d %H:%M")}
        raise DiscussionRefused("outside_round", message, status=409)
    return mine, current


__all__ = ["audience_vote", "debate_create", "debate_setup_checked", "round_score",
           "side_choose", "sides_assign", "speech_check", "stage"]
