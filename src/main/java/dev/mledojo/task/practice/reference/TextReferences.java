package dev.mledojo.task.practice.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.mledojo.task.practice.TextClassificationGenerator;

/**
 * Reference solutions of {@code practice-text-classification}: majority class, random guesses, learned keyword
 * lists and multinomial/Bernoulli naive Bayes with several smoothing strengths and training sizes.
 */
public final class TextReferences {

    private static final String TEXT = TextClassificationGenerator.TEXT;
    private static final String TARGET = TextClassificationGenerator.TARGET;

    private TextReferences() {
    }

    /** Every solution on the board, weakest families first. */
    public static List<ReferenceSolution> all() {
        List<ReferenceSolution> out = new ArrayList<>();
        out.add(new ReferenceSolution("sample-submission(billing)", d -> constant(d, "billing")));
        out.add(new ReferenceSolution("majority-class", d -> constant(d, new Corpus(d, d.train().rowCount())
                .majority())));
        for (int seed = 1; seed <= 3; seed++) {
            int s = seed;
            out.add(new ReferenceSolution("random-by-prior(seed=" + s + ")", d -> randomByPrior(d, s)));
        }
        for (int k : new int[] {1, 2, 5, 10, 20, 40}) {
            out.add(new ReferenceSolution("keyword-counts(top=" + k + ", rows=4000)", d -> keywords(d, k, 4000)));
        }
        for (int rows : new int[] {50, 200}) {
            out.add(new ReferenceSolution("keyword-counts(top=10, rows=" + rows + ")", d -> keywords(d, 10, rows)));
        }
        for (int rows : new int[] {30, 100, 300, 1000, 4000}) {
            for (double alpha : new double[] {0.1, 1.0}) {
                out.add(new ReferenceSolution("naive-bayes(multinomial, alpha=" + alpha + ", rows=" + rows + ")",
                        d -> naiveBayes(d, rows, alpha, false)));
            }
        }
        for (double alpha : new double[] {0.01, 5.0, 20.0}) {
            out.add(new ReferenceSolution("naive-bayes(multinomial, alpha=" + alpha + ", rows=4000)",
                    d -> naiveBayes(d, 4000, alpha, false)));
        }
        for (int rows : new int[] {300, 4000}) {
            out.add(new ReferenceSolution("naive-bayes(binary-counts, alpha=1.0, rows=" + rows + ")",
                    d -> naiveBayes(d, rows, 1.0, true)));
        }
        for (int rows : new int[] {100, 1000, 4000}) {
            out.add(new ReferenceSolution("nearest-centroid(rows=" + rows + ")", d -> centroid(d, rows)));
        }
        return out;
    }

    /** Lowercase words, punctuation dropped. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Word counts per class of the first {@code rows} training tickets. */
    private static final class Corpus {
        final List<String> classes;
        final int[] docs;
        final List<Map<String, Integer>> counts = new ArrayList<>();
        final List<Map<String, Integer>> docFreq = new ArrayList<>();
        final int[] totals;
        final TreeSet<String> vocabulary = new TreeSet<>();

        Corpus(PublicData d, int rows) {
            int n = Math.min(rows, d.train().rowCount());
            String[] texts = d.train().column(TEXT);
            String[] labels = d.train().column(TARGET);
            TreeSet<String> names = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                names.add(labels[i]);
            }
            classes = new ArrayList<>(names);
            docs = new int[classes.size()];
            totals = new int[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                counts.add(new TreeMap<>());
                docFreq.add(new TreeMap<>());
            }
            for (int i = 0; i < n; i++) {
                int c = classes.indexOf(labels[i]);
                docs[c]++;
                List<String> words = tokens(texts[i]);
                for (String w : words) {
                    counts.get(c).merge(w, 1, Integer::sum);
                    totals[c]++;
                    vocabulary.add(w);
                }
                for (String w : new TreeSet<>(words)) {
                    docFreq.get(c).merge(w, 1, Integer::sum);
                }
            }
        }

        String majority() {
            int best = 0;
            for (int c = 1; c < docs.length; c++) {
                if (docs[c] > docs[best]) {
                    best = c;
                }
            }
            return classes.get(best);
        }
    }

    private static String[] constant(PublicData d, String label) {
        String[] out = new String[d.test().rowCount()];
        Arrays.fill(out, label);
        return out;
    }

    private static String[] randomByPrior(PublicData d, int seed) {
        Corpus corpus = new Corpus(d, d.train().rowCount());
        Random rnd = new Random(seed);
        int total = Arrays.stream(corpus.docs).sum();
        String[] out = new String[d.test().rowCount()];
        for (int i = 0; i < out.length; i++) {
            int u = rnd.nextInt(total);
            int c = 0;
            while (u >= corpus.docs[c]) {
                u -= corpus.docs[c];
                c++;
            }
            out[i] = corpus.classes.get(c);
        }
        return out;
    }

    /**
     * For each class the {@code k} words whose document frequency in the class most exceeds their frequency in the
     * other classes; a ticket goes to the class with the most keyword hits (ties and no hits: the majority class).
     */
    private static String[] keywords(PublicData d, int k, int rows) {
        Corpus corpus = new Corpus(d, rows);
        int classes = corpus.classes.size();
        int total = Arrays.stream(corpus.docs).sum();
        List<TreeSet<String>> keywords = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int cc = c;
            int otherDocs = total - corpus.docs[c];
            List<String> ranked = new ArrayList<>(corpus.vocabulary);
            Map<String, Double> lift = new TreeMap<>();
            for (String w : ranked) {
                double in = (corpus.docFreq.get(cc).getOrDefault(w, 0) + 0.5) / (corpus.docs[cc] + 1.0);
                int otherCount = 0;
                for (int o = 0; o < classes; o++) {
                    if (o != cc) {
                        otherCount += corpus.docFreq.get(o).getOrDefault(w, 0);
                    }
                }
                double out = (otherCount + 0.5) / (otherDocs + 1.0);
                lift.put(w, in - out);
            }
            ranked.sort(Comparator.comparingDouble((String w) -> -lift.get(w)).thenComparing(w -> w));
            keywords.add(new TreeSet<>(ranked.subList(0, Math.min(k, ranked.size()))));
        }
        int majority = corpus.classes.indexOf(corpus.majority());
        String[] texts = d.test().column(TEXT);
        String[] out = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            int[] hits = new int[classes];
            for (String w : tokens(texts[i])) {
                for (int c = 0; c < classes; c++) {
                    if (keywords.get(c).contains(w)) {
                        hits[c]++;
                    }
                }
            }
            int best = majority;
            for (int c = 0; c < classes; c++) {
                if (hits[c] > hits[best]) {
                    best = c;
                }
            }
            out[i] = corpus.classes.get(best);
        }
        return out;
    }

    private static String[] naiveBayes(PublicData d, int rows, double alpha, boolean binary) {
        Corpus corpus = new Corpus(d, rows);
        int classes = corpus.classes.size();
        int vocabulary = corpus.vocabulary.size();
        int total = Arrays.stream(corpus.docs).sum();
        String[] texts = d.test().column(TEXT);
        String[] out = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            List<String> words = tokens(texts[i]);
            if (binary) {
                words = new ArrayList<>(new TreeSet<>(words));
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                Map<String, Integer> counts = binary ? corpus.docFreq.get(c) : corpus.counts.get(c);
                double denominator = (binary ? sum(counts) : corpus.totals[c]) + alpha * vocabulary;
                double score = StrictMath.log((double) corpus.docs[c] / total);
                for (String w : words) {
                    if (corpus.vocabulary.contains(w)) {
                        score += StrictMath.log((counts.getOrDefault(w, 0) + alpha) / denominator);
                    }
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            out[i] = corpus.classes.get(best);
        }
        return out;
    }

    private static int sum(Map<String, Integer> counts) {
        int s = 0;
        for (int v : counts.values()) {
            s += v;
        }
        return s;
    }

    /** Cosine similarity of a ticket's word counts to each class's mean word distribution. */
    private static String[] centroid(PublicData d, int rows) {
        Corpus corpus = new Corpus(d, rows);
        int classes = corpus.classes.size();
        double[] norms = new double[classes];
        for (int c = 0; c < classes; c++) {
            double sq = 0;
            for (int v : corpus.counts.get(c).values()) {
                sq += (double) v * v;
            }
            norms[c] = Math.sqrt(sq);
        }
        String[] texts = d.test().column(TEXT);
        String[] out = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            Map<String, Integer> tf = new TreeMap<>();
            for (String w : tokens(texts[i])) {
                tf.merge(w, 1, Integer::sum);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double dot = 0;
                for (Map.Entry<String, Integer> e : tf.entrySet()) {
                    dot += e.getValue() * corpus.counts.get(c).getOrDefault(e.getKey(), 0);
                }
                double score = norms[c] == 0 ? 0 : dot / norms[c];
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            out[i] = corpus.classes.get(best);
        }
        return out;
    }
}
