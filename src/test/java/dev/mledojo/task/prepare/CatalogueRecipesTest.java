package dev.mledojo.task.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/**
 * Every catalogue task whose {@code prepare.pattern} is declarative has a recipe the generic preparer accepts as it is
 * (no hand edits): {@link PrepareSpec#of} succeeds, split patterns name a numeric test fraction, and the warnings left
 * are listed.
 */
class CatalogueRecipesTest {

    private static final Path TASKS = Path.of("tasks");

    @Test
    void everyDeclarativeCatalogueRecipeParses() throws IOException {
        Map<String, String> failures = new TreeMap<>();
        Map<String, List<String>> warnings = new TreeMap<>();
        Map<String, Integer> byPattern = new TreeMap<>();
        List<Path> folders;
        try (Stream<Path> s = Files.list(TASKS)) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("task.yaml"))).sorted().toList();
        }
        for (Path folder : folders) {
            TaskParser.Result result = TaskParser.parse(folder);
            assertThat(result).as(folder + " parses").isInstanceOf(TaskParser.Valid.class);
            TaskDefinition task = ((TaskParser.Valid) result).definition();
            Object pattern = task.prepare().get("pattern");
            if (pattern == null) {
                continue; // hand-made demo tasks without a recipe
            }
            byPattern.merge(pattern.toString(), 1, Integer::sum);
            if (pattern.equals("custom")) {
                continue;
            }
            try {
                PrepareSpec spec = PrepareSpec.of(task);
                if (spec.pattern().splits()) {
                    assertThat(task.prepare().get("test_fraction")).as(task.id() + " test_fraction")
                            .isInstanceOf(Number.class);
                }
                if (!spec.warnings().isEmpty()) {
                    warnings.put(task.id(), spec.warnings());
                }
            } catch (PreparationException e) {
                failures.put(task.id(), e.getMessage());
            }
        }
        List<String> listed = new ArrayList<>();
        warnings.forEach((id, w) -> listed.add(id + ": " + String.join(" | ", w)));
        System.out.println("[catalogue recipes] " + byPattern + "; warnings:\n  " + String.join("\n  ", listed));
        assertThat(failures).as("recipes the generic preparer refuses").isEmpty();
        assertThat(byPattern).containsEntry("image_folder_split", 26).containsEntry("split_train_csv", 53)
                .containsEntry("dsbench_presplit", 75).containsEntry("group_split", 5).containsEntry("time_split", 1)
                .containsEntry("use_given_test_with_answers", 4);
        // what is left is the unseeded fisheries split (documented), nothing else
        assertThat(warnings).containsOnlyKeys("the-nature-conservancy-fisheries-monitoring");
    }
}
