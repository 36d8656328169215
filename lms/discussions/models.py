"""Models of lms.discussions: threads on a course's pages (or its board), their posts with
revisions, votes and flags, and who follows a thread. Counters on threads and posts are kept by
lms.discussions.services, which lock the row they change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """The two sides of a debate."""

    PRO = "pro", _("For the motion")
    CON = "con", _("Against the motion")


class Thread(models.Model):
    """A conversation on a course: on one of its pages (a lecture, later a case or a scenario)
    or on the course's own board (`page` empty). Its first post (depth 0) is the opening, which
    says whether the thread was started anonymously."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")
        SEMINAR = "seminar", _("Seminar")
        DEBATE = "debate", _("Debate")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        LOCKED = "locked", _("Locked")
        CLOSED = "closed", _("Closed")

    course = models.ForeignKey("lms_courses.CoursePage", on_delete=models.CASCADE,
                               related_name="threads", verbose_name=_("course"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+", verbose_name=_("page"),
                             help_text=_("Empty: the course's own board."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices,
                            default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("started"))
    last_posted_at = models.DateTimeField(_("last post"))
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("status changed by"))
    accepted_post = models.ForeignKey("Post", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("accepted answer"))
    # Raised by lms.discussions.services on every change to what the thread's posts show
    # (a post written, edited, voted on, hidden, endorsed...): what is cached of the thread
    # is keyed by it, so no process ever reads a stale copy.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # Whether a moderator hid the thread's opening post (and so the thread, for everyone but
    # moderators): kept by services.post_hide and post_restore under the thread's row lock, so
    # reading a thread needs no look at its posts to know.
    opening_hidden = models.BooleanField(_("opening hidden"), default=False, editable=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["course", "page", "-last_posted_at"]),
                   models.Index(fields=["course", "kind"])]

    def __str__(self):
        return self.title


class Post(models.Model):
    """The opening of a thread (depth 0) or a reply, nested up to LMS_DISCUSSION_MAX_DEPTH.
    `html` is rendered from the Markdown `body` once, when it is written, and sanitised."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts",
                               verbose_name=_("thread"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies", verbose_name=_("in reply to"))
    depth = models.PositiveSmallIntegerField(_("depth"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("author"))
    # The trainee's enrolment on the course when they wrote it: participation counts within it.
    enrolment = models.ForeignKey("lms_courses.Enrolment", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="discussion_posts",
                                  verbose_name=_("enrolment"))
    anonymous = models.BooleanField(_("anonymous to other trainees"), default=False)
    body = models.TextField(_("text (Markdown)"))
    html = models.TextField(_("text (HTML)"))
    created_at = models.DateTimeField(_("written"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    score = models.IntegerField(_("votes"), default=0)
    open_flags = models.PositiveIntegerField(_("open flags"), default=0)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("why hidden"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("hidden by"))
    endorsed_at = models.DateTimeField(_("endorsed"), null=True, blank=True)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("endorsed by"))
    # In a debate: the debater's side and the round the speech was given in (empty for the
    # moderator's posts). In a seminar: the group whose space it is in (empty: a prompt of
    # the facilitator's, seen by every group).
    side = models.CharField(_("side"), max_length=3, choices=Side.choices, blank=True)
    round = models.ForeignKey("DebateRound", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("round"))
    # Never SET_NULL: a group's post without its group would be a prompt, seen by all.
    group = models.ForeignKey("SeminarGroup", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+", verbose_name=_("group"))

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["thread", "depth", "created_at"]),
                   models.Index(fields=["thread", "depth", "-score"]),
                   models.Index(fields=["author", "created_at"])]
        constraints = [models.UniqueConstraint(fields=["thread"], condition=Q(depth=0),
                                               name="lms_discussions_one_opening")]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    @property
    def hidden(self):
        return self.hidden_at is not None


class PostRevision(models.Model):
    """What a post said before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions",
                             verbose_name=_("post"))
    body = models.TextField(_("text (Markdown)"))
    written_at = models.DateTimeField(_("written"))
    replaced_at = models.DateTimeField(_("replaced"))
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+", verbose_name=_("edited by"))

    class Meta:
        verbose_name = _("earlier version of a post")
        verbose_name_plural = _("earlier versions of posts")

    def __str__(self):
        return f"{self.post} ({self.written_at:%Y-%m-%d %H:%M})"


class PostVote(models.Model):
    """One user's vote on a post: +1 or -1."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes",
                             verbose_name=_("post"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    value = models.SmallIntegerField(_("vote"))
    created_at = models.DateTimeField(_("voted"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["post", "user"],
                                               name="lms_discussions_one_vote"),
                       models.CheckConstraint(condition=Q(value__in=(-1, 1)),
                                              name="lms_discussions_vote_value")]

    def __str__(self):
        return f"{self.post} {self.value:+d}"


class PostFlag(models.Model):
    """A user's report of a post to the moderators; open until a moderator resolves it."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or disrespectful")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        CONFIDENTIAL = "confidential", _("Discloses confidential information")
        OTHER = "other", _("Something else")

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("Post hidden")
        DISMISSED = "dismissed", _("Flag dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags",
                             verbose_name=_("post"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("flagged by"))
    reason = models.CharField(_("reason"), max_length=14, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("resolved by"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["post", "user"],
                                               name="lms_discussions_one_flag")]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self):
        return f"{self.post}: {self.get_reason_display()}"


class Subscription(models.Model):
    """A user following a thread: they are told of its new posts."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions",
                               verbose_name=_("thread"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    created_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["thread", "user"],
                                               name="lms_discussions_one_subscription")]

    def __str__(self):
        return f"{self.user} → {self.thread}"


class Notification(models.Model):
    """Something in a followed thread for one user: a new post, their answer endorsed or
    accepted, their post hidden. Who wrote a post is read when shown (so an anonymous post's
    author stays unknown to peers), and a post hidden since is not shown."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("New post in a thread you follow")
        ENDORSED = "endorsed", _("Your answer was endorsed")
        ACCEPTED = "accepted", _("Your answer was accepted")
        HIDDEN = "hidden", _("Your post was hidden by a moderator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="discussion_notifications", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("thread"))
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("post"))
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"


class ParticipationRule(models.Model):
    """A course's required participation: so many posts (threads started or replies) by each
    trainee, by a date if given; a completion criterion of the course."""

    course = models.OneToOneField("lms_courses.CoursePage", on_delete=models.CASCADE,
                                  related_name="participation_rule", verbose_name=_("course"))
    posts_required = models.PositiveSmallIntegerField(
        _("posts required"), help_text=_("Threads started and replies both count."))
    due_at = models.DateTimeField(_("by"), null=True, blank=True, help_text=_(
        "Posts written after this moment do not count. Empty: any time in the enrolment."))

    class Meta:
        verbose_name = _("required participation")
        verbose_name_plural = _("required participation")

    def __str__(self):
        return f"{self.course}: {self.posts_required}"


class EmailPreference(models.Model):
    """How a user wants discussion notifications by e-mail: each at once, a daily digest, or
    none (the site's notifications always)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("A daily digest")
        NEVER = "never", _("Never")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="discussion_email", verbose_name=_("user"))
    frequency = models.CharField(_("e-mail"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.DAILY)

    class Meta:
        verbose_name = _("discussion e-mail preference")
        verbose_name_plural = _("discussion e-mail preferences")

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class Debate(models.Model):
    """What makes a thread a debate: the motion, how debaters get their side, and its rounds
    (DebateRound). Debaters post on their side during an open round; the moderator scores each
    side per round; the audience votes before the first round and after the last."""

    class SideMode(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned by the instructor")
        CHOSEN = "chosen", _("Chosen by the debaters, kept balanced")

    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="debate",
                                  verbose_name=_("thread"))
    motion = models.CharField(_("motion"), max_length=300)
    side_mode = models.CharField(_("sides"), max_length=10, choices=SideMode.choices,
                                 default=SideMode.CHOSEN)

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")

    def __str__(self):
        return self.motion


class DebateRound(models.Model):
    """One round of a debate (opening statements, rebuttals, closing statements...), open for
    speeches from `opens_at` until `closes_at`."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening statements")
        REBUTTAL = "rebuttal", _("Rebuttals")
        CLOSING = "closing", _("Closing statements")
        OTHER = "other", _("Round")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="rounds",
                               verbose_name=_("debate"))
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))

    class Meta:
        verbose_name = _("debate round")
        verbose_name_plural = _("debate rounds")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "position"],
                                    name="lms_discussions_round_position"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="lms_discussions_round_closes_after_opening")]

    def __str__(self):
        return f"{self.debate}: {self.get_kind_display()}"

    @property
    def name(self):
        """What the round is called: its kind ("Rebuttals"), or "Round 3" for another kind."""
        if self.kind == self.Kind.OTHER:
            return gettext("Round %(number)d") % {"number": self.position}
        return self.get_kind_display()

    def state(self, now):
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class DebateSide(models.Model):
    """A debater's side in a debate: assigned by a moderator or chosen by the debater."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="debaters",
                               verbose_name=_("debate"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("debater"))
    side = models.CharField(_("side"), max_length=3, choices=Side.choices)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("assigned by"))
    created_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("debater")
        verbose_name_plural = _("debaters")
        constraints = [models.UniqueConstraint(fields=["debate", "user"],
                                               name="lms_discussions_one_side")]

    def __str__(self):
        return f"{self.user}: {self.get_side_display()}"


class DebateScore(models.Model):
    """The moderator's score of one side in one round (0 to 10), with a note."""

    round = models.ForeignKey(DebateRound, on_delete=models.CASCADE, related_name="scores",
                              verbose_name=_("round"))
    side = models.CharField(_("side"), max_length=3, choices=Side.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+", verbose_name=_("scored by"))
    scored_at = models.DateTimeField(_("scored"))

    class Meta:
        verbose_name = _("debate score")
        verbose_name_plural = _("debate scores")
        constraints = [
            models.UniqueConstraint(fields=["round", "side"], name="lms_discussions_one_score"),
            models.CheckConstraint(condition=Q(score__lte=10), name="lms_discussions_score_max")]

    def __str__(self):
        return f"{self.round} {self.side}: {self.score}"


class AudienceVote(models.Model):
    """One person's vote on the motion, before the debate or after it."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before the debate")
        AFTER = "after", _("After the debate")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="audience_votes",
                               verbose_name=_("debate"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("voter"))
    stage = models.CharField(_("when"), max_length=6, choices=Stage.choices)
    side = models.CharField(_("side"), max_length=3, choices=Side.choices)
    voted_at = models.DateTimeField(_("voted"))

    class Meta:
        verbose_name = _("audience vote")
        verbose_name_plural = _("audience votes")
        constraints = [models.UniqueConstraint(fields=["debate", "user", "stage"],
                                               name="lms_discussions_one_audience_vote")]

    def __str__(self):
        return f"{self.user} {self.stage}: {self.side}"


class SeminarGroup(models.Model):
    """A group of a seminar thread: its trainees' posts are seen by the group, the course's
    moderators, and nobody else; the facilitator's prompts (posts without a group) by all."""

    class Basis(models.TextChoices):
        CATEGORY = "category", _("Trainee category")
        UNIT = "unit", _("Work unit")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="seminar_groups",
                               verbose_name=_("seminar"))
    name = models.CharField(_("name"), max_length=200)
    basis = models.CharField(_("grouped by"), max_length=10, choices=Basis.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="SeminarMember",
                                     related_name="+", verbose_name=_("members"))

    class Meta:
        verbose_name = _("seminar group")
        verbose_name_plural = _("seminar groups")
        ordering = ["position"]

    def __str__(self):
        return self.name


class SeminarMember(models.Model):
    """A trainee's group in a seminar: one per seminar."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("seminar"))
    group = models.ForeignKey(SeminarGroup, on_delete=models.CASCADE, related_name="memberships",
                              verbose_name=_("group"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("trainee"))

    class Meta:
        verbose_name = _("seminar group member")
        verbose_name_plural = _("seminar group members")
        constraints = [models.UniqueConstraint(fields=["thread", "user"],
                                               name="lms_discussions_one_group")]

    def __str__(self):
        return f"{self.user} → {self.group}"
