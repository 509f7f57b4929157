package dev.mledojo.catalogue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;
import dev.mledojo.testing.FakeKaggle;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link FakeKaggle} that answers every catalogue competition with its synthetic raw archive
 * ({@link RawDataSynthesizer}, built on each download) and points the platform's Kaggle base URL at it. Also lifts the
 * admin's rate limit and grading quota, which a walk over 202 tasks would otherwise exhaust.
 */
public class CatalogueKaggle implements QuarkusTestResourceLifecycleManager {

    static final String USERNAME = "catalogue-bot";
    static final String KEY = "fake-kaggle-key-0123456789";

    private FakeKaggle kaggle;

    @Override
    public Map<String, String> start() {
        Map<String, TaskDefinition> byCompetition = new HashMap<>();
        for (TaskParser.Result r : Catalogue.tasks().values()) {
            if (r instanceof TaskParser.Valid v && v.definition().data().setting("competition") != null) {
                byCompetition.put(v.definition().data().setting("competition"), v.definition());
            }
        }
        kaggle = new FakeKaggle(USERNAME, KEY,
                slug -> Optional.ofNullable(byCompetition.get(slug)).map(RawDataSynthesizer::archive));
        return Map.of("dojo.curation.kaggle.base-url", kaggle.baseUrl(),
                "dojo.rate-limit.requests-per-minute", "1000000",
                "dojo.quota.grades-per-day", "100000");
    }

    @Override
    public void stop() {
        if (kaggle != null) {
            kaggle.close();
        }
    }
}
