#!/usr/bin/python3
"""Turn the MLE-Dojo catalogue facts into task folders (tasks/<name>/).

Usage: /usr/bin/python3 import_catalogue.py <catalogue-dir> <tasks-dir>

Python 3 standard library only. For every competition of competitions.csv the folder
tasks/<name>/ is deleted and rewritten (task.yaml, description.md, leaderboard/{public,private}.csv),
so a re-run gives byte-identical output. Folders in <tasks-dir> that are not catalogue
competitions (e.g. generated practice tasks) are left alone.

Facts and figures (names, columns, files, sizes, seeds, fractions, metric params, boards)
are copied from the catalogue. All prose (summary, description.md, metric explanations,
quirk explanations) is produced from the templates and tables in this file, written in
our own words; nothing is copied from Kaggle or MLE-Dojo descriptions.
"""

import csv
import json
import os
import re
import shutil
import sys

EXPECTED_TASKS = 202
EXPECTED_METRICS = 55
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")

DOMAINS = {
    "Tabular": "tabular",
    "CV": "cv",
    "NLP": "nlp",
    "Audio": "audio",
    "Multimodal": "multimodal",
    "Signal": "timeseries",
    "Other": "other",
}

SPLIT_TAGS = {
    "train": "train",
    "eval:MLE-Lite": "mle-lite",
    "eval:Tabular": "eval-tabular",
    "eval:NLP": "eval-nlp",
    "eval:CV": "eval-cv",
}

# Kaggle tags that only name the evaluation metric; they are not carried over as task tags.
METRIC_TAGS = {
    "Accuracy Score", "Area Under Receiver Operating Characteristic Curve", "Categorization Accuracy",
    "Cohen Kappa Score", "Custom Metric", "Dice", "Dice3DHausdorff", "DiceFBeta", "F-Score (Macro)",
    "F-Score Beta (Micro)", "F1 Score", "Gini Index", "IntersectionOverUnionObjectSegmentationBeta",
    "Kullback Leibler Divergence", "Laplace Log Likelihood", "Levenshtein Mean", "Log Loss", "MAP@{K}",
    "MASpearmanR", "Matthews correlation coefficient", "Mean Absolute Error",
    "Mean Columnwise Area Under Receiver Operating Characteristic Curve",
    "Mean Columnwise Root Mean Squared Error", "Mean Columnwise Root Mean Squared Logarithmic Error",
    "Mean Columnwise Spearman's r (rank correlation  coefficient)", "Mean Squared Error",
    "Mean Squared Log Error", "MeanAngularError", "MeanBestErrorAtK", "Median Absolute Error",
    "Multiclass Loss", "NDCG@{K}", "Normalized Gini Index", "PearsonCorrelationCoefficient",
    "QuadraticWeightedKappa", "R2 Score", "R^2 score (coefficient of determination)", "Roc Auc Score",
    "Root Mean Square Percentage Error", "Root Mean Squared Error", "Root Mean Squared Logarithmic Error",
    "SMAPE", "SpearmanR", "Weighted Categorization Accuracy", "Weighted Label Ranking Average Precision",
    "Weighted Mean Absolute Error", "Weighted Multiclass Loss",
}

# Kaggle tags that name the kind of prediction problem (used for the overview sentence).
TASK_TYPE_TAGS = [
    ("Binary Classification", "binary classification"),
    ("Multiclass Classification", "multi-class classification"),
    ("Multilabel Classification", "multi-label classification"),
    ("Regression", "regression"),
    ("Time Series Analysis", "time-series analysis"),
    ("Image Segmentation", "image segmentation"),
    ("Image Text Recognition", "image-to-text recognition"),
    ("Text Generation", "text generation"),
    ("Recommender Systems", "recommendation"),
]

# metric id -> (short name, our one-sentence explanation, fallback problem kind)
METRICS = {
    "roc_auc": ("ROC AUC",
                "ROC AUC is the chance that a randomly picked positive row gets a higher score than a randomly picked "
                "negative row (ties count half), so only the ranking of your scores matters.",
                "binary classification"),
    "gini_from_auc": ("Gini (2 x AUC - 1)",
                      "The Gini coefficient is derived from the ROC AUC as twice the AUC minus one: a random ranking "
                      "scores about 0 and a perfect ranking scores 1.",
                      "binary classification"),
    "normalized_gini": ("normalized Gini",
                        "The normalized Gini coefficient compares how well your ordering of the rows concentrates the "
                        "large true values at the top with the best possible ordering; only the order of your "
                        "predictions matters.",
                        "ranking-style regression"),
    "mean_columnwise_roc_auc": ("mean column-wise ROC AUC",
                                "A separate ROC AUC is computed for every target column and the column results are "
                                "averaged with equal weight.",
                                "multi-label classification"),
    "alaska_weighted_auc": ("weighted ROC AUC (grader variant)",
                            "This weighted ROC AUC gives the low true-positive-rate part of the ROC curve twice the "
                            "weight of the rest, using the grader's own band formula.",
                            "binary classification"),
    "physics_weighted_auc": ("weighted ROC AUC (grader variant)",
                             "This weighted ROC AUC splits the true-positive-rate axis into bands with decreasing "
                             "weights and compares the area in each band with that of a random guess, on the events "
                             "the grader selects.",
                             "binary classification"),
    "jigsaw_bias_auc": ("bias-aware ROC AUC blend",
                        "The score blends the overall ROC AUC with power means of ROC AUCs measured inside and across "
                        "identity subgroups, so a model must rank well without penalising comments that mention an "
                        "identity.",
                        "binary classification"),
    "macro_average_precision": ("mean per-label average precision",
                                "Average precision is computed for each label column on its own and then averaged "
                                "over the labels.",
                                "multi-label classification"),
    "rmse": ("RMSE",
             "RMSE is the square root of the average squared difference between prediction and truth, so large "
             "misses weigh heavily.",
             "regression"),
    "mse": ("MSE",
            "MSE is the average squared difference between prediction and truth (no square root is taken).",
            "regression"),
    "rmsle": ("RMSLE",
              "RMSLE is the RMSE computed on log(1 + value), so it measures relative rather than absolute error; "
              "predictions must stay above -1.",
              "regression"),
    "mean_columnwise_rmsle": ("mean column-wise RMSLE",
                              "RMSLE (the RMSE on log(1 + value)) is computed for each target column and the column "
                              "values are averaged.",
                              "regression"),
    "mcrmse": ("mean column-wise RMSE",
               "RMSE is computed for each scored target column and the column values are averaged.",
               "regression"),
    "mae": ("MAE",
            "MAE is the average absolute difference between prediction and truth.",
            "regression"),
    "weighted_mae": ("weighted MAE",
                     "This is an average absolute error in which each row counts with a weight defined by the "
                     "competition's rules.",
                     "regression"),
    "medae": ("median absolute error",
              "The median absolute error is the middle value of all absolute prediction errors, so a few large "
              "misses barely move it.",
              "regression"),
    "rmspe": ("RMSPE",
              "RMSPE divides every error by the true value before squaring and averaging, then takes the square "
              "root; rows whose true value is zero are left out.",
              "regression"),
    "smape": ("SMAPE",
              "SMAPE divides each absolute error by the mean of the absolute true and predicted values and reports "
              "the average as a percentage between 0 and 200.",
              "regression"),
    "r2": ("R2",
           "R2 is one minus the residual sum of squares divided by the total variance of the truth: 1 is a perfect "
           "fit and 0 is no better than predicting the mean.",
           "regression"),
    "mean_angular_error": ("mean angular error",
                           "For each event the angle in radians between the predicted and the true direction "
                           "(from azimuth and zenith) is measured, and the angles are averaged.",
                           "direction regression"),
    "group_log_mae": ("log MAE averaged over groups",
                      "The mean absolute error is computed within each group (coupling type), its natural logarithm "
                      "is taken (with a floor of 1e-9), and the logarithms are averaged over groups.",
                      "regression"),
    "laplace_log_likelihood": ("modified Laplace log-likelihood",
                               "Each prediction comes with a confidence; the score is the mean Laplace log-likelihood "
                               "of the true value with the error and the confidence clipped, rewarding predictions "
                               "that are both close and honestly uncertain.",
                               "regression with uncertainty"),
    "gnss_p50_p95_error": ("mean of trip P50/P95 distance errors",
                           "For each trip the 50th and 95th percentiles of the distance in metres between predicted "
                           "and true positions are averaged, and the score is the mean over trips.",
                           "position regression"),
    "accuracy": ("accuracy",
                 "Accuracy is the share of rows whose prediction exactly equals the true value.",
                 "classification"),
    "top1_error": ("top-1 error",
                   "Top-1 error is the share of rows whose predicted label differs from the true label (one minus "
                   "accuracy).",
                   "classification"),
    "log_loss_binary": ("binary log loss",
                        "Binary log loss is the average negative log-probability given to the true 0/1 outcome, with "
                        "probabilities clipped away from 0 and 1, so confident mistakes are very costly.",
                        "binary classification"),
    "log_loss_multiclass": ("multi-class log loss",
                            "Multi-class log loss is the average negative log of the probability assigned to the "
                            "true class, with probabilities clipped away from 0.",
                            "multi-class classification"),
    "balanced_log_loss": ("balanced log loss",
                          "Balanced log loss averages the log loss of each class separately so that both classes "
                          "count equally however rare one of them is.",
                          "binary classification"),
    "macro_f1": ("macro F1",
                 "Macro F1 computes the F1 score (harmonic mean of precision and recall) for each class and averages "
                 "the classes with equal weight.",
                 "multi-class classification"),
    "f1_binary": ("F1",
                  "F1 is the harmonic mean of precision and recall for the positive class (label 1).",
                  "binary classification"),
    "micro_f1_multilabel": ("micro F1 over labels",
                            "Every row's space-separated labels are turned into a label set, and micro F1 counts "
                            "true positives, false positives and false negatives over all rows and labels together.",
                            "multi-label classification"),
    "mean_row_f1": ("mean per-row F1",
                    "For each row the F1 overlap between the predicted and the true space-separated token sets is "
                    "computed, and the rows are averaged.",
                    "set prediction"),
    "span_micro_f1": ("micro F1 over character positions",
                      "Predicted and true character spans are expanded into sets of character positions and micro "
                      "F1 is computed over all positions.",
                      "span extraction"),
    "qwk": ("quadratic weighted kappa",
            "Quadratic weighted kappa measures agreement between predicted and true grades beyond chance, "
            "penalising a disagreement by the square of its distance.",
            "ordinal classification"),
    "mcc": ("Matthews correlation coefficient",
            "The Matthews correlation coefficient correlates predicted and true labels using all four cells of the "
            "confusion matrix; 0 is chance level and 1 is perfect.",
            "binary classification"),
    "weighted_macro_recall": ("weighted macro recall",
                              "Macro-averaged recall is computed for each component to predict, and the component "
                              "recalls are combined in a weighted mean.",
                              "multi-class classification"),
    "map_at_k": ("MAP@k",
                 "Mean average precision at k rewards putting correct items early in each row's ranked, "
                 "space-separated list of at most k guesses.",
                 "ranking"),
    "ndcg_at_k": ("NDCG@k",
                  "NDCG over the first five ranked guesses per user gives more credit the earlier the correct answer "
                  "appears.",
                  "ranking"),
    "kendall_tau_swaps": ("Kendall tau (swap count)",
                          "The predicted order is compared with the true order by counting the pairs that are out "
                          "of order, pooled over all items and scaled so that 1 is perfect and -1 is reversed.",
                          "ordering"),
    "spearman": ("Spearman correlation",
                 "Spearman correlation measures how well the ranking of your predictions matches the ranking of the "
                 "true values.",
                 "regression"),
    "pearson": ("Pearson correlation",
                "Pearson correlation measures the linear agreement between predicted and true values.",
                "regression"),
    "mean_columnwise_spearman": ("mean column-wise Spearman correlation",
                                 "A Spearman rank correlation is computed for each target column (undefined values "
                                 "count as 0) and the columns are averaged.",
                                 "regression"),
    "mean_row_spearman": ("mean per-row Spearman correlation",
                          "For each row a Spearman rank correlation between the predicted and the true ordering is "
                          "computed, and the rows are averaged.",
                          "ordering"),
    "mean_levenshtein": ("mean Levenshtein distance",
                         "The score is the average number of character insertions, deletions and substitutions "
                         "needed to turn your string into the true one.",
                         "sequence prediction"),
    "normalized_token_levenshtein": ("normalized token edit distance",
                                     "The total edit distance between predicted and true token sequences is divided "
                                     "by the total length of the true sequences.",
                                     "sequence prediction"),
    "word_jaccard": ("mean word-level Jaccard",
                     "For each row the overlap of the lower-cased word sets of prediction and truth (intersection "
                     "over union) is computed, and the rows are averaged.",
                     "span extraction"),
    "kl_divergence": ("KL divergence",
                      "The score is the average Kullback-Leibler divergence from the normalised true vote "
                      "distribution to your predicted probabilities.",
                      "probability distribution prediction"),
    "mean_dice_rle": ("mean Dice",
                      "Each row's predicted and true masks (run-length encoded) are compared with the Dice overlap, "
                      "and the rows are averaged.",
                      "image segmentation"),
    "mean_fbeta_rle": ("F-beta (beta 0.5)",
                       "Predicted and true ink pixels (run-length encoded) are compared with an F-beta score with "
                       "beta 0.5, which weighs precision more than recall.",
                       "image segmentation"),
    "dice_hausdorff_combo": ("Dice / Hausdorff blend",
                             "The score is 40% mean Dice overlap plus 60% of one minus a normalised Hausdorff "
                             "distance between predicted and true run-length encoded masks.",
                             "image segmentation"),
    "airbus_f2_iou": ("F2 over IoU thresholds",
                      "Predicted and true objects are matched by intersection-over-union at thresholds from 0.5 to "
                      "0.95, an F2 score is computed at each threshold, and the results are averaged per image and "
                      "then over images.",
                      "instance segmentation"),
    "mean_iou_threshold_precision": ("mean precision over IoU thresholds",
                                     "For each image the share of IoU thresholds between 0.5 and 0.95 that the "
                                     "predicted mask passes against the true mask is computed, and images are "
                                     "averaged.",
                                     "image segmentation"),
    "wheat_threshold_precision": ("mean precision over IoU thresholds",
                                  "Predicted boxes are matched to true boxes at IoU thresholds from 0.5 to 0.75 in "
                                  "order of confidence, TP / (TP + FP + FN) is computed per threshold, and the "
                                  "values are averaged per image and over images.",
                                  "object detection"),
    "detection_map_voc": ("mean average precision (VOC style)",
                          "Detections are ranked by confidence and matched to true boxes by IoU; average precision "
                          "is computed per class from the precision-recall curve and averaged over classes.",
                          "object detection"),
    "kuzushiji_point_f1": ("point-in-box F1",
                           "A predicted character counts as correct when its label matches and its point lies inside "
                           "an unmatched true box of that label; F1 is computed from the totals over all images.",
                           "character detection and recognition"),
}

# Paraphrases of METRICS.md "Reference quirks at a glance", keyed by the first cell of each table row.
QUIRKS = {
    "new-york-city-taxi-fare-prediction":
        "the reference grader reports the squared error without taking the square root, while the human "
        "leaderboard holds root values, so raw scores and board scores are on different scales.",
    "allstate-purchase-prediction-challenge":
        "the reference grader reports accuracy as a percentage (0-100) while the human leaderboard holds fractions "
        "between 0 and 1.",
    "ranzcr-clip-catheter-line-classification":
        "the reference grader also treats PatientID as a twelfth scored column that always contributes 0 (so about "
        "0.9167 is the best reachable score), and rows are not re-sorted before scoring, so keep the order of the "
        "answer rows.",
    "airbus-ship-detection":
        "in the answer file all ships of one image form a single object, and the grader does not check that the "
        "submitted image ids are the expected ones.",
    "home-data-for-ml-course":
        "the error is taken on the raw sale prices, not on their logarithms.",
    "walmart-recruiting-store-sales-forecasting":
        "holiday weeks are meant to count five times, but the answer file carries no holiday flag, so every row "
        "weighs 1 and the score is a plain mean absolute error.",
    "conways-reverse-game-of-life-2020":
        "predicted starting boards are compared cell by cell with the true starting boards; the game is not "
        "simulated forward.",
    "freesound-audio-tagging-2019":
        "the grader averages plain per-label average precision rather than the label-weighted ranking variant, and "
        "label columns are matched by position, not by name.",
    "jigsaw-toxic-comment-classification-challenge":
        "label columns are matched by position and the ids must appear in the same order as in the answer file.",
    "detecting-insults-in-social-commentary":
        "there is no id column: rows are matched in file order, so keep the order of the test rows.",
    "uw-madison-gi-tract-image-segmentation, hms-harmful-brain-activity-classification, "
    "airbnb-recruiting-new-user-bookings":
        "ids repeat across rows, and rows sharing an id are paired in the order a non-stable sort leaves them; keep "
        "the rows of each id in the order of the sample submission.",
    "h-and-m-personalized-fashion-recommendations":
        "a correct item repeated within one prediction list is counted again, so a row can score above 1.",
    "imet-2020-fgvc7":
        "predicted labels that never occur in the ground truth are ignored rather than counted as false positives.",
    "stanford-covid-vaccine":
        "the flag marking which positions are scored is ignored, so positions whose true value is 0 are scored "
        "too.",
    "quora-insincere-questions-classification":
        "the truth is read from a column named target, but your prediction must be in a column named prediction.",
    "kaggle-llm-science-exam":
        "the prediction column must be named answer.",
    "statoil-iceberg-classifier-challenge":
        "extra columns in the submission are noticed but do not cause a rejection.",
    "alaska2-image-steganalysis, flavours-of-physics-kernels-only":
        "the weighted AUC follows the grader's own formula, not the original competition's, and it relies on "
        "NumPy's trapz function (removed in NumPy 2.4).",
    "global-wheat-detection":
        "images without any true box always score 0, whatever is predicted.",
    "uw-madison-gi-tract-image-segmentation":
        "slices that are empty in both truth and prediction get a Dice of 0, and every mask is decoded at a fixed "
        "512x512 size.",
    "tgs-salt-identification-challenge, airbus-ship-detection":
        "the IoU thresholds are the slightly drifted floating-point values of stepping by 0.05 from 0.5 (for "
        "example 0.6000000000000001); for ship detection the IoUs are compared in single precision.",
    "liberty-mutual-group-property-inspection-prediction, porto-seguro-safe-driver-prediction":
        "rows with tied predictions are ordered by NumPy's non-stable sort, so heavily tied predictions can score "
        "slightly differently.",
}

# Catalogue id/target cells that are annotations rather than column names: the cleaned value used in task.yaml.
ID_COLUMN_OVERRIDES = {
    # catalogue: "(none; rows matched by position, Comment text)"; the grader checks Comment in file order
    "detecting-insults-in-social-commentary": "Comment",
    # catalogue: "tripId + UnixTimeMillis" (composite key; prepare.csv writes it "tripId;UnixTimeMillis")
    "smartphone-decimeter-2022": "tripId;UnixTimeMillis",
}
TARGET_OVERRIDES = {
    # catalogue: "class_0;class_1 (GT column Class)": the submission columns
    "icr-identify-age-related-conditions": ["class_0", "class_1"],
    # catalogue: "prediction (truth: GT toxicity + identity columns)"
    "jigsaw-unintended-bias-in-toxicity-classification": ["prediction"],
    # catalogue: "target (GT) vs prediction (submission)": the submission column
    "quora-insincere-questions-classification": ["prediction"],
    # catalogue: "O1;O2;...;O198 (all GT columns after FileId)"
    "battlefin-s-big-data-combine-forecasting-challenge": ["O%d" % i for i in range(1, 199)],
    # catalogue: "start_0;start_1;...;start_624"
    "conways-reverse-game-of-life-2020": ["start_%d" % i for i in range(625)],
}
# Catalogue rows without a title/url (not in Kaggle's listing used by the catalogue): derived from the slug.
TITLE_FALLBACK = {
    "ml2021spring-hw2": "ML2021 Spring HW2",
    "paddy-disease-classification": "Paddy Disease Classification",
}
# Submission header lines that are not simply id column + target columns (from metrics.csv validation_rules).
HEADER_OVERRIDES = {
    "detecting-insults-in-social-commentary": "Insult,Date,Comment",
    "uw-madison-gi-tract-image-segmentation": "id,class,predicted",
}
PLACEHOLDER_TARGET_RE = re.compile(r"^\d+ [A-Za-z ]*columns\b")

DOMAIN_WORDS = {
    "tabular": ("tabular", "the provided tables"),
    "cv": ("computer-vision", "images and the accompanying tables"),
    "nlp": ("natural-language", "text and the accompanying tables"),
    "audio": ("audio", "audio recordings and the accompanying tables"),
    "timeseries": ("signal-processing", "recorded signals and the accompanying tables"),
    "multimodal": ("multimodal", "several kinds of input data (for example images, text or sensor streams)"),
    "other": ("scientific", "the provided data files"),
}


class CatalogueError(Exception):
    pass


def fail(msg):
    raise CatalogueError(msg)


# ---------------------------------------------------------------- reading

def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def parse_metrics_md(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    summary = dict(re.findall(r"^\| \[(\w+)\]\(#\w+\) \| \d+ \| (true|false) \|", text, re.M))
    sections = re.findall(r"^## (\w+)\s*$", text, re.M)
    m = re.search(r"^## Reference quirks at a glance\s*$(.*?)^## ", text, re.M | re.S)
    if not m:
        fail("METRICS.md: no 'Reference quirks at a glance' section")
    quirk_rows = []
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and line.startswith("|") and cells[0] not in ("competition", "---"):
            quirk_rows.append(cells[0])
    return summary, sections, quirk_rows


def split_top(s, sep=";"):
    """Split on sep outside (...) and <...>."""
    out, depth, cur = [], 0, []
    for ch in s:
        if ch in "(<":
            depth += 1
        elif ch in ")>":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [x for x in out if x]


def slug(tag):
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")


# ---------------------------------------------------------------- YAML

YAML_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def ystr(s):
    s = str(s)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", s) and s.lower() not in YAML_RESERVED:
        return s
    out = json.dumps(s, ensure_ascii=False)
    # characters YAML 1.1 treats as line breaks must be escaped
    return out.replace("\u0085", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


class Flow(object):
    """A value emitted verbatim as a one-line JSON object (valid YAML flow mapping)."""

    def __init__(self, raw):
        self.raw = raw
        self.value = json.loads(raw)


def yscalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, Flow):
        return v.raw
    return ystr(v)


def emit_yaml(doc, indent=""):
    """Block-style YAML for nested dicts (insertion order), lists of scalars and scalars."""
    lines = []
    for key, val in doc.items():
        if isinstance(val, dict):
            lines.append(indent + key + ":")
            lines += emit_yaml(val, indent + "  ")
        elif isinstance(val, list):
            lines.append(indent + key + ":" + ("" if val else " []"))
            for it in val:
                lines.append(indent + "  - " + yscalar(it))
        else:
            lines.append(indent + key + ": " + yscalar(val))
    return lines


def plain(doc):
    """The document as plain JSON-compatible data (what a YAML parser should read back)."""
    if isinstance(doc, dict):
        return {k: plain(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [plain(v) for v in doc]
    if isinstance(doc, Flow):
        return doc.value
    return doc


# ---------------------------------------------------------------- building

def english_list(items):
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def an(word):
    return "an" if word[:1].lower() in "aeiou" else "a"


def code(s):
    return "`" + s.replace("`", "'") + "`"


def target_phrase(targets, placeholder):
    if placeholder:
        return "the " + targets[0].replace("GT", "answer-file")
    if len(targets) == 1:
        return "the %s column" % code(targets[0])
    if len(targets) <= 4:
        return "the %s columns" % english_list([code(t) for t in targets])
    return "%d target columns (%s ... %s)" % (len(targets), code(targets[0]), code(targets[-1]))


def task_kind(tags, metric_id):
    kinds = [word for tag, word in TASK_TYPE_TAGS if tag in tags]
    if not kinds:
        kinds = [METRICS[metric_id][2]]
    return english_list(kinds)


def render_file_item(item):
    if item.startswith("<") and item.endswith(">"):
        return "any other item of the raw download (%s)" % item[1:-1]
    if item.startswith("<"):
        return "any other item of the raw download (%s)" % item.lstrip("<").rstrip(">")
    m = re.match(r"^(.*?\S)\s+\((.*)\)$", item)
    if m:
        return "%s (%s)" % (code(m.group(1)), m.group(2))
    return code(item)


def build(comp, met, prep, quirks_by_name):
    name = comp["name"]
    domain = DOMAINS[comp["domain"]]
    title = comp["title"].strip() or TITLE_FALLBACK.get(name) or fail("no title for " + name)
    url = comp["url"].strip() or "https://www.kaggle.com/competitions/" + name
    metric_id = met["metric_id"]
    hib = met["higher_is_better"] == "True"
    kaggle_tags = [t.strip() for t in comp["kaggle_tags"].split(";") if t.strip()]

    tags = [SPLIT_TAGS[comp["dojo_split"]]]
    for t in kaggle_tags:
        if t in METRIC_TAGS:
            continue
        s = slug(t)
        if s and s not in tags:
            tags.append(s)

    id_column = ID_COLUMN_OVERRIDES.get(name) or re.sub(r"\s*\(.*\)$", "", met["id_column"]).strip()
    raw_targets = met["target_columns"]
    placeholder = False
    if name in TARGET_OVERRIDES:
        targets = TARGET_OVERRIDES[name]
    elif PLACEHOLDER_TARGET_RE.match(raw_targets):
        targets, placeholder = [raw_targets], True
    else:
        targets = [t.strip() for t in raw_targets.split(";") if t.strip()]
    params_raw = met["metric_params"].strip()
    params = json.loads(params_raw)
    if not isinstance(params, dict):
        fail("%s: metric_params is not a JSON object" % name)
    if "\n" in params_raw:
        fail("%s: metric_params spans several lines" % name)

    short, explanation, _ = METRICS[metric_id]
    kind = task_kind(kaggle_tags, metric_id)
    tphrase = target_phrase(targets, placeholder)
    dword, inputs = DOMAIN_WORDS[domain]
    direction = "higher is better" if hib else "lower is better"

    summary = an(dword).capitalize() + " %s %s task: predict %s from %s. Submissions are scored with %s, where %s." % (
        dword, kind, tphrase.replace("`", ""), inputs, short, direction)

    # ---- task.yaml
    doc = {}
    doc["id"] = name
    doc["title"] = title
    doc["domain"] = domain
    doc["tags"] = tags
    doc["summary"] = summary
    doc["metric"] = {"id": metric_id, "params": Flow(params_raw)}
    doc["higher_is_better"] = hib
    doc["id_column"] = id_column
    doc["target_columns"] = targets
    doc["submission_file"] = "submission.csv"
    doc["resources"] = {"cpu": 2, "memory": "16Gi" if domain in ("cv", "audio", "multimodal") else "8Gi",
                        "gpu": 0, "time_limit": 3600}
    doc["feedback_fraction"] = 0.5
    data = {"source": "kaggle", "competition": name, "url": url}
    for key, col in (("size", "data_size"), ("files", "data_files"), ("type", "data_type")):
        if comp[col].strip():
            data[key] = comp[col].strip()
    doc["data"] = data
    prepare = {}
    for key in ("pattern", "split_fraction", "seed", "stratify_column", "raw_files", "public_files",
                "private_files", "sample_submission_rule", "notes"):
        val = prep[key].strip()
        if key == "stratify_column" and not val:
            continue
        prepare[key] = val
    doc["prepare"] = prepare
    board = {"kind": "human"}
    if comp["kaggle_teams"].strip():
        board["teams"] = int(comp["kaggle_teams"])
    board["public_rows"] = int(comp["public_lb_rows"])
    board["private_rows"] = int(comp["private_lb_rows"])
    doc["leaderboard"] = board
    doc["origin"] = comp["origin"]
    task_yaml = "\n".join(emit_yaml(doc)) + "\n"

    # ---- description.md
    d = ["# " + title, ""]
    d.append("## Overview")
    d.append("")
    if name == "detecting-insults-in-social-commentary":
        unit = "row of the test file (in file order)"
    elif ";" in id_column:
        unit = "test (%s) key" % ", ".join(code(c) for c in id_column.split(";"))
    else:
        unit = "test %s" % code(id_column)
    d.append("This %s task is %s %s problem: for each %s, predict %s, using %s." % (
        dword, an(kind), kind, unit, tphrase, inputs))
    d.append("")
    d.append("## Data")
    d.append("")
    if prep["pattern"] == "dsbench_presplit":
        origin_txt = ("the train/test split that DSBench published for this Kaggle competition")
    else:
        origin_txt = "the Kaggle competition archive (%s)" % code(name)
    size_txt = ""
    if comp["data_size"].strip():
        size_txt = " The original download is about %s (%s, %s)." % (
            comp["data_size"].strip(), comp["data_files"].strip() or "file count unknown",
            comp["data_type"].strip() or "types unknown")
    else:
        size_txt = " The catalogue does not record the size of the original download."
    d.append("The data is not part of this task folder: a preparation step builds it from %s, following the "
             "recipe pattern %s.%s After preparation the agent sees these public files:" % (
                 origin_txt, code(prep["pattern"]), size_txt))
    d.append("")
    for item in split_top(prep["public_files"]):
        d.append("- " + render_file_item(item))
    d.append("")
    d.append("## Submission")
    d.append("")
    if placeholder:
        header = "%s followed by the %s; copy the exact header from `sample_submission.csv`" % (
            code(id_column), targets[0].replace("GT", "answer-file"))
    elif name in HEADER_OVERRIDES:
        header = code(HEADER_OVERRIDES[name])
    else:
        cols = id_column.split(";") + targets
        if len(cols) <= 12:
            header = code(",".join(cols))
        else:
            header = "%s (%d columns; copy the exact header from `sample_submission.csv`)" % (
                code(",".join(cols[:3] + ["..."] + cols[-1:])), len(cols))
    fmt = met["submission_format"].strip().replace("GT", "answer file")
    parts = [p.strip() for p in fmt.split(";", 1)]
    if len(parts) == 2:
        fmt_txt = "Row layout: %s. Expected values: %s." % (parts[0], parts[1])
    else:
        fmt_txt = "Row layout: %s." % parts[0]
    if name == "detecting-insults-in-social-commentary":
        row_rule = "Write one row per test row, in the order of the test file (there is no id column)."
    else:
        row_rule = "Cover exactly the ids of the test set, i.e. those of `sample_submission.csv`."
    d.append("Write a CSV file named `submission.csv` whose header line is %s. %s %s" % (header, row_rule, fmt_txt))
    d.append("")
    d.append("## Evaluation")
    d.append("")
    d.append("Metric: %s (%s). %s Direction: %s." % (short, code(metric_id), explanation, direction))
    for q in quirks_by_name.get(name, []):
        d.append("")
        d.append("Note on the reference grader: " + q)
    d.append("")
    d.append("## Source")
    d.append("")
    teams = comp["kaggle_teams"].strip()
    teams_txt = (", from %s Kaggle teams" % teams) if teams else ""
    d.append("Source: [%s](%s). Human leaderboard snapshot: %s public rows and %s private rows%s." % (
        url, url, comp["public_lb_rows"], comp["private_lb_rows"], teams_txt))
    description = "\n".join(d) + "\n"
    return task_yaml, description, doc


# ---------------------------------------------------------------- main

def main(argv):
    if len(argv) != 3:
        print("usage: import_catalogue.py <catalogue-dir> <tasks-dir>", file=sys.stderr)
        return 2
    cat, tasks_dir = argv[1], argv[2]
    comps = read_csv(os.path.join(cat, "competitions.csv"))
    mets = {r["name"]: r for r in read_csv(os.path.join(cat, "metrics.csv"))}
    preps = {r["name"]: r for r in read_csv(os.path.join(cat, "prepare.csv"))}
    md_dirs, md_sections, quirk_rows = parse_metrics_md(os.path.join(cat, "METRICS.md"))

    # ---- sanity checks on the inputs (fail loudly)
    names = [c["name"] for c in comps]
    errors = []
    if len(names) != EXPECTED_TASKS or len(set(names)) != EXPECTED_TASKS:
        errors.append("expected %d distinct competitions, got %d (%d distinct)" % (
            EXPECTED_TASKS, len(names), len(set(names))))
    if set(names) != set(mets) or set(names) != set(preps):
        errors.append("competitions/metrics/prepare name sets differ")
    if len(md_dirs) != EXPECTED_METRICS or set(md_dirs) != set(md_sections):
        errors.append("METRICS.md: expected %d metric ids, table has %d" % (EXPECTED_METRICS, len(md_dirs)))
    if set(METRICS) != set(md_dirs):
        errors.append("explanations vs METRICS.md ids differ: %s" % sorted(set(METRICS) ^ set(md_dirs)))
    if set(QUIRKS) != set(quirk_rows):
        errors.append("quirk paraphrases vs METRICS.md quirk rows differ: %s" % sorted(set(QUIRKS) ^ set(quirk_rows)))
    quirks_by_name = {}
    for row in quirk_rows:
        for n in [x.strip() for x in row.split(",")]:
            if n not in names:
                errors.append("quirk names unknown competition " + n)
            quirks_by_name.setdefault(n, []).append(QUIRKS.get(row, ""))
    for c in comps:
        n = c["name"]
        if not ID_RE.fullmatch(n):
            errors.append("bad id %r" % n)
        if c["domain"] not in DOMAINS:
            errors.append("%s: unknown domain %r" % (n, c["domain"]))
        if c["dojo_split"] not in SPLIT_TAGS:
            errors.append("%s: unknown split %r" % (n, c["dojo_split"]))
        m = mets.get(n)
        if m is None:
            continue
        if m["metric_id"] not in md_dirs:
            errors.append("%s: metric id %r not in METRICS.md" % (n, m["metric_id"]))
        elif md_dirs[m["metric_id"]] != m["higher_is_better"].lower():
            errors.append("%s: metrics.csv direction %s disagrees with METRICS.md (%s)" % (
                n, m["higher_is_better"], m["metric_id"]))
        if m["higher_is_better"] not in ("True", "False"):
            errors.append("%s: bad higher_is_better %r" % (n, m["higher_is_better"]))
        if m["higher_is_better"] != c["higher_is_better"]:
            errors.append("%s: higher_is_better disagrees: metrics.csv %s vs competitions.csv %s" % (
                n, m["higher_is_better"], c["higher_is_better"]))
        try:
            if not isinstance(json.loads(m["metric_params"]), dict):
                errors.append("%s: metric_params not an object" % n)
        except ValueError as e:
            errors.append("%s: metric_params not JSON: %s" % (n, e))
        for side in ("public", "private"):
            p = os.path.join(cat, "leaderboards", n, side + ".csv")
            if not os.path.isfile(p):
                errors.append("missing board " + p)
                continue
            with open(p, "rb") as f:
                lines = f.read().decode("utf-8").splitlines()
            if not lines or lines[0] != "rank,score":
                errors.append("%s: header is not rank,score" % p)
            if len(lines) < 2:
                errors.append("%s: empty board" % p)
            elif len(lines) - 1 != int(c[side + "_lb_rows"]):
                errors.append("%s: %d rows but competitions.csv says %s" % (p, len(lines) - 1,
                                                                           c[side + "_lb_rows"]))
    if errors:
        fail("catalogue sanity check failed:\n  " + "\n  ".join(errors))

    # ---- write
    # build everything first so that a failure leaves the tasks directory untouched
    built = []
    for c in sorted(comps, key=lambda r: r["name"]):
        n = c["name"]
        task_yaml, description, _ = build(c, mets[n], preps[n], quirks_by_name)
        built.append((n, task_yaml, description))
    os.makedirs(tasks_dir, exist_ok=True)
    for n, task_yaml, description in built:
        folder = os.path.join(tasks_dir, n)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(os.path.join(folder, "leaderboard"))
        with open(os.path.join(folder, "task.yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(task_yaml)
        with open(os.path.join(folder, "description.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(description)
        for side in ("public", "private"):
            shutil.copyfile(os.path.join(cat, "leaderboards", n, side + ".csv"),
                            os.path.join(folder, "leaderboard", side + ".csv"))

    # ---- sanity checks on the output
    out_errors = []
    for n in names:
        folder = os.path.join(tasks_dir, n)
        for rel in ("task.yaml", "description.md", "leaderboard/public.csv", "leaderboard/private.csv"):
            p = os.path.join(folder, rel)
            if not os.path.isfile(p) or os.path.getsize(p) == 0:
                out_errors.append("missing or empty " + p)
        with open(os.path.join(folder, "task.yaml"), encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        if first != "id: " + ystr(n):
            out_errors.append("%s: id line is %r" % (n, first))
    present = [d for d in os.listdir(tasks_dir) if os.path.isdir(os.path.join(tasks_dir, d))]
    if len(set(names) & set(present)) != EXPECTED_TASKS:
        out_errors.append("expected %d catalogue folders in %s" % (EXPECTED_TASKS, tasks_dir))
    if out_errors:
        fail("output sanity check failed:\n  " + "\n  ".join(out_errors))
    extra = sorted(set(present) - set(names))
    print("wrote %d catalogue tasks to %s%s" % (len(names), tasks_dir,
                                               (" (left %d other folders alone)" % len(extra)) if extra else ""))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except CatalogueError as e:
        print("ERROR: " + str(e), file=sys.stderr)
        sys.exit(1)
