package dev.mledojo.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.metric.MetricRegistry;
import dev.mledojo.metric.Stats;
import dev.mledojo.task.TaskViews.BoardView;
import dev.mledojo.task.TaskViews.DataFileView;
import dev.mledojo.task.TaskViews.TaskDetailView;
import dev.mledojo.task.TaskViews.TaskListView;
import dev.mledojo.task.TaskViews.TaskSummaryView;

/** Read side of the catalogue: filtered, cursor-paged lists and task details. */
@ApplicationScoped
public class TaskService {

    public static final int MAX_PAGE = 500;

    private final MetricRegistry metrics;
    /**
     * Versions that were offered (ready or retired) with their data hash, by id: their definition and data never change
     * (new data or a new definition makes a new version), so a copy is right on every replica. Bounded by the scores
     * of their boards.
     */
    private final com.github.benmanes.caffeine.cache.Cache<Long, VersionRef> offered = com.github.benmanes.caffeine
            .cache.Caffeine.newBuilder().maximumWeight(1_000_000)
            .weigher((Long id, VersionRef v) -> 1 + v.definition().publicBoard().size()
                    + v.definition().privateBoard().size())
            .build();

    public TaskService(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    /** The statuses a catalogue can be filtered by. */
    public static final List<String> STATUSES = List.of("ready", "draft", "preparing", "retired", "invalid");

    /** Filters for the catalogue; null or blank means "any". */
    public record Filter(String domain, String tag, String status, String text) {
        public Filter {
            if (status != null && !status.isBlank() && !STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
                throw dev.mledojo.error.DomainException.invalid("invalid-status", "There is no status '" + status
                        + "'; choose ready, draft (data not prepared), preparing, retired or invalid.");
            }
        }
    }

    @Transactional
    public TaskListView list(Filter filter, String cursor, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.domain() != null && !filter.domain().isBlank()) {
            where.append(" and v.domain = :domain");
            params.put("domain", filter.domain().toLowerCase(Locale.ROOT));
        }
        if (filter.tag() != null && !filter.tag().isBlank()) {
            where.append(" and v.tags like :tag");
            params.put("tag", "%," + filter.tag().toLowerCase(Locale.ROOT) + ",%");
        }
        if (filter.status() != null && !filter.status().isBlank()) {
            String status = filter.status().toLowerCase(Locale.ROOT);
            if (status.equals("invalid")) {
                where.append(" and t.problemReason is not null");
            } else {
                where.append(" and t.problemReason is null and v.status = :status");
                params.put("status", TaskStatus.valueOf(status.toUpperCase(Locale.ROOT)));
            }
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" and (lower(t.slug) like :q or lower(v.title) like :q or lower(v.summary) like :q)");
            params.put("q", "%" + filter.text().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
        }
        long total = Task.count("select count(t) from Task t left join t.currentVersion v where " + where, params);
        if (cursor != null && !cursor.isBlank()) {
            where.append(" and t.slug > :after");
            params.put("after", decodeCursor(cursor));
        }
        List<Task> tasks = Task.<Task>find("select t from Task t left join fetch t.currentVersion v where " + where
                + " order by t.slug", params).page(0, limit + 1).list();
        boolean more = tasks.size() > limit;
        List<Task> page = more ? tasks.subList(0, limit) : tasks;
        List<TaskSummaryView> items = page.stream().map(TaskService::summary).toList();
        String next = more ? encodeCursor(page.get(page.size() - 1).slug) : null;
        return new TaskListView(items, next, total);
    }

    /** Facet values for the catalogue filters. */
    @Transactional
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Task t : Task.<Task>find("select t from Task t left join fetch t.currentVersion").list()) {
            counts.merge(status(t), 1L, Long::sum);
        }
        return counts;
    }

    @Transactional
    public Optional<TaskDetailView> detail(String slug) {
        return Task.findBySlug(slug).map(this::detail);
    }

    private TaskDetailView detail(Task t) {
        TaskVersion v = t.currentVersion;
        if (v == null) {
            return null;
        }
        TaskDefinition d = v.definition;
        String status = status(t);
        List<DataFileView> files = new ArrayList<>();
        if (v.dataFiles != null) {
            for (DataFile f : v.dataFiles) {
                if (f.inPublicPart()) {
                    String name = f.path().substring("public/".length());
                    files.add(new DataFileView(name, f.size(), f.sha256(), "/api/v1/tasks/" + t.slug + "/data/" + name));
                }
            }
        }
        return new TaskDetailView(t.slug, d.title(), d.domain().wireName(), d.tags(), d.summary(), d.description(),
                d.metricId(), d.metricParams().asMap(), metrics.find(d.metricId()).isPresent(), d.higherIsBetter(),
                d.idColumnsLabel(), d.targetColumns(), d.submissionFile(), status, TaskViews.statusLabel(status), v.number,
                d.contentHash(), v.dataHash, d.data().source(), d.data().settings(), d.leaderboard().kind(), d.leaderboard().label(),
                d.leaderboard().teams(), board(d.publicBoard(), d.higherIsBetter()),
                board(d.privateBoard(), d.higherIsBetter()), files, v.dataError, t.problem().orElse(null),
                d.resources(), d.feedbackFraction(), d.submissionHeader(), d.targetsAfterId());
    }

    /** The private comparison board of a task's current version (empty when unknown). */
    @Transactional
    public List<Double> privateBoard(String slug) {
        return Task.findBySlug(slug).filter(t -> t.currentVersion != null)
                .map(t -> t.currentVersion.definition.privateBoard()).orElse(List.of());
    }

    /** The version currently offered for a task, if it has one. */
    @Transactional
    public Optional<VersionRef> currentVersion(String slug) {
        return Task.findBySlug(slug).filter(t -> t.currentVersion != null)
                .map(t -> VersionRef.of(t.currentVersion));
    }

    /** A given version (current or not) of a task. */
    @Transactional
    public Optional<VersionRef> version(long versionId) {
        TaskVersion v = TaskVersion.findById(versionId);
        return v == null ? Optional.empty() : Optional.of(VersionRef.of(v));
    }

    /**
     * A version for its definition and data (what an episode's steps run on), kept in memory once it was offered and
     * its data hashed: those parts never change, so each step need not read and parse the definition (both boards) again.
     * The status in the answer is the one first read (ready, or retired since); who needs the status now reads
     * {@link #version}.
     */
    @Transactional
    public Optional<VersionRef> offeredVersion(long versionId) {
        VersionRef hit = offered.getIfPresent(versionId);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<VersionRef> read = version(versionId);
        read.filter(v -> (v.status() == TaskStatus.READY || v.status() == TaskStatus.RETIRED) && v.dataHash() != null)
                .ifPresent(v -> offered.put(versionId, v));
        return read;
    }

    /** What the boards need to know of a task: title, domain, tags and the direction of its metric. */
    public record TaskFacts(String slug, String title, String domain, List<String> tags, boolean higherIsBetter) {
    }

    /** The facts of every task's current version, by slug (one light query: no definitions, no boards). */
    @Transactional
    public Map<String, TaskFacts> facts() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Task.getEntityManager().createNativeQuery("""
                select t.slug, v.title, v.domain, v.tags, v.higher_is_better from task t
                join task_version v on v.id = t.current_version_id order by t.slug""").getResultList();
        Map<String, TaskFacts> facts = new java.util.LinkedHashMap<>();
        for (Object[] r : rows) {
            List<String> tags = java.util.Arrays.stream(((String) r[3]).split(",")).filter(x -> !x.isEmpty()).toList();
            facts.put((String) r[0], new TaskFacts((String) r[0], (String) r[1], (String) r[2], tags, (Boolean) r[4]));
        }
        return facts;
    }

    /**
     * What other features need to know about a task version, detached from the persistence context.
     *
     * @param dataHash the {@link DataHash} of its prepared data (null before preparation)
     * @param dataDir where that data lives, relative to {@code dojo.data-dir} (null = the legacy folder)
     */
    public record VersionRef(long id, String slug, int number, TaskStatus status, TaskDefinition definition,
            String dataHash, String dataDir) {

        static VersionRef of(TaskVersion v) {
            return new VersionRef(v.id, v.task.slug, v.number, v.status, v.definition, v.dataHash, v.dataDir);
        }

        public boolean ready() {
            return status == TaskStatus.READY;
        }
    }

    static BoardView board(List<Double> scores, boolean higherIsBetter) {
        if (scores.isEmpty()) {
            return new BoardView(0, null, null, null);
        }
        List<Double> sorted = new ArrayList<>(scores);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        double median = Stats.median(sorted);
        double best = higherIsBetter ? sorted.get(n - 1) : sorted.get(0);
        double worst = higherIsBetter ? sorted.get(0) : sorted.get(n - 1);
        return new BoardView(n, best, median, worst);
    }

    static TaskSummaryView summary(Task t) {
        TaskVersion v = t.currentVersion;
        String status = status(t);
        if (v == null) {
            return new TaskSummaryView(t.slug, t.slug, null, List.of(), null, null, null, status,
                    TaskViews.statusLabel(status), null, null, t.problem().orElse(null));
        }
        TaskDefinition d = v.definition;
        return new TaskSummaryView(t.slug, d.title(), d.domain().wireName(), d.tags(), d.summary(), d.metricId(),
                d.higherIsBetter(), status, TaskViews.statusLabel(status), v.number, d.leaderboard().label(),
                t.problem().orElse(null));
    }

    static String status(Task t) {
        if (t.invalid() || t.currentVersion == null) {
            return "invalid";
        }
        return t.currentVersion.status.wireName();
    }

    static String encodeCursor(String slug) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(slug.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException for a cursor we did not issue */
    static String decodeCursor(String cursor) {
        try {
            String slug = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!TaskParser.ID.matcher(slug).matches()) {
                throw new IllegalArgumentException("not a cursor");
            }
            return slug;
        } catch (IllegalArgumentException e) {
            throw dev.mledojo.error.DomainException.invalid("invalid-cursor", "The cursor '" + cursor + "' was not issued by this API; start without one.");
        }
    }
}
