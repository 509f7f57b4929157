package dev.mledojo.agent.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.agent.AgentPolicy.TaskBrief;

/** Metric styles and the rendering of the Python templates. */
class BaselineCodeTest {

    final BaselineCode code = new BaselineCode();

    static TaskBrief brief(String metric, String idColumn, List<String> targets, String file) {
        return new TaskBrief("t", "T", "tabular", metric, true, idColumn, targets, file, 10);
    }

    @Test
    void metric_ids_map_to_prediction_styles() {
        for (String m : List.of("roc_auc", "mean_columnwise_roc_auc", "log_loss_binary", "log_loss_multiclass",
                "balanced_log_loss", "normalized_gini", "gini_from_auc", "macro_average_precision", "kl_divergence")) {
            assertThat(PredictionStyle.of(m)).as(m).isEqualTo(PredictionStyle.PROBA);
        }
        for (String m : List.of("rmse", "rmsle", "mae", "mse", "smape", "mcrmse", "mean_columnwise_rmsle", "r2",
                "weighted_mae", "medae", "rmspe", "pearson")) {
            assertThat(PredictionStyle.of(m)).as(m).isEqualTo(PredictionStyle.VALUE);
        }
        for (String m : List.of("accuracy", "macro_f1", "f1_binary", "mcc", "qwk", "top1_error", "map_at_k")) {
            assertThat(PredictionStyle.of(m)).as(m).isEqualTo(PredictionStyle.LABEL);
        }
        assertThat(PredictionStyle.of("mean_levenshtein")).isEqualTo(PredictionStyle.AUTO);
        assertThat(PredictionStyle.of(null)).isEqualTo(PredictionStyle.AUTO);
    }

    @Test
    void placeholders_become_python_literals() {
        String rendered = code.constant(brief("rmse", "Id", List.of("price", "log price"), "preds.csv"));
        assertThat(rendered).contains("ID_COLUMN = 'Id'").contains("TARGETS = ['price', 'log price']")
                .contains("os.path.join(WORKSPACE, 'preds.csv')").contains("METRIC = 'rmse'")
                .contains("STYLE = 'value'").doesNotContain("{{");
    }

    @Test
    void awkward_names_are_escaped() {
        assertThat(BaselineCode.pyString("it's a \\ path\n")).isEqualTo("'it\\'s a \\\\ path\\n'");
        assertThat(BaselineCode.pyString("Größe")).isEqualTo("'Gr\\u00f6\\u00dfe'");
        assertThat(BaselineCode.pyString("\uD83D\uDE00")).isEqualTo("'\\U0001f600'");
        assertThat(BaselineCode.pyString("}} {{X}}")).isEqualTo("'}} {{X}}'");
    }

    @Test
    void a_value_that_looks_like_a_placeholder_is_not_expanded_again() {
        String rendered = code.sklearn(brief("roc_auc", "{{METRIC}}", List.of("y"), "submission.csv"));
        assertThat(rendered).contains("ID_COLUMN = '{{METRIC}}'").contains("METRIC = 'roc_auc'");
    }

    @Test
    void a_brief_without_targets_is_rejected() {
        assertThatThrownBy(() -> code.constant(brief("rmse", "id", List.of(), "submission.csv")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
    }
}
