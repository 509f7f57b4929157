package dev.mledojo.task.practice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.metric.MetricParams;

/**
 * Short synthetic support tickets, each composed from the vocabulary of its category, words of other categories and
 * shared filler words, with a little label noise; target {@code category} (4 text labels, imbalanced).
 *
 * <p>Parameters: {@code rows} (training rows, default 4000), {@code test_rows} (default 2000), {@code seed}
 * (default 7), {@code label_noise} (share of relabelled tickets, default 0.06).
 */
@ApplicationScoped
public class TextClassificationGenerator implements DataGenerator {

    public static final String ID = "text-classification";
    public static final String ID_COLUMN = "id";
    public static final String TEXT = "text";
    public static final String TARGET = "category";
    public static final List<String> CATEGORIES = List.of("billing", "technical", "account", "delivery");

    private static final double[] PRIORS = {0.34, 0.30, 0.21, 0.15};
    private static final String[][] VOCABULARY = {
        {"invoice", "charge", "charged", "refund", "payment", "bill", "billing", "overcharged", "receipt",
            "subscription", "price", "fee", "card", "credit", "debit", "paid", "twice", "amount", "discount", "vat",
            "renewal", "plan", "cost", "statement", "transaction", "pending", "coupon", "euros", "cancel", "money"},
        {"error", "crash", "crashes", "app", "bug", "loading", "slow", "freezes", "update", "install", "screen",
            "sync", "browser", "server", "timeout", "connection", "offline", "version", "android", "iphone", "broken",
            "button", "page", "blank", "upload", "notification", "glitch", "reboot", "laptop", "working"},
        {"password", "login", "log", "reset", "username", "email", "account", "verify", "verification", "locked",
            "profile", "delete", "code", "security", "hacked", "settings", "access", "signup", "register",
            "deactivate", "privacy", "data", "rename", "linked", "recovery", "authenticator", "session",
            "permissions", "address", "cancel"},
        {"package", "parcel", "delivery", "shipping", "shipped", "courier", "tracking", "arrived", "late",
            "delayed", "lost", "damaged", "box", "warehouse", "dispatch", "order", "return", "exchange", "label",
            "carrier", "postcode", "doorstep", "missing", "driver", "pickup", "wrong", "item", "customs", "address",
            "refund"},
    };
    private static final String[] FILLER = {"hi", "hello", "team", "i", "my", "the", "a", "is", "it", "and", "to",
        "please", "help", "since", "yesterday", "again", "not", "can", "you", "with", "this", "for", "was", "have",
        "been", "still", "thanks", "today", "why", "on", "of", "me", "we", "there", "some", "any", "just", "need",
        "urgent", "issue", "problem", "question", "asap", "regards", "hey", "already", "tried", "what", "now", "week"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void generate(MetricParams params, Path publicDir, Path privateDir) {
        int trainRows = PracticeFiles.positive(params, "rows", 4000);
        int testRows = PracticeFiles.positive(params, "test_rows", 2000);
        double labelNoise = params.number("label_noise", 0.06);
        Random rnd = new Random(PracticeFiles.seed(params));

        PracticeFiles.Split split = new PracticeFiles.Split(ID_COLUMN, List.of(TEXT), TARGET, trainRows, testRows,
                CATEGORIES.get(0));
        for (int i = 0; i < trainRows + testRows; i++) {
            int category = PracticeFiles.pick(rnd, PRIORS);
            String text = ticket(rnd, category);
            int label = category;
            if (rnd.nextDouble() < labelNoise) {
                label = (category + 1 + rnd.nextInt(CATEGORIES.size() - 1)) % CATEGORIES.size();
            }
            split.add(Integer.toString(1 + i), List.of(text), CATEGORIES.get(label));
        }
        split.write(publicDir, privateDir);
    }

    /** Composes one ticket: mostly filler, some words of its own category and a few of another one. */
    private static String ticket(Random rnd, int category) {
        int length = 5 + rnd.nextInt(14);
        double own = 0.22 + 0.2 * rnd.nextDouble(); // some tickets are vaguer than others
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < length; k++) {
            double u = rnd.nextDouble();
            String word;
            if (u < own) {
                String[] vocabulary = VOCABULARY[category];
                word = vocabulary[rnd.nextInt(vocabulary.length)];
            } else if (u < own + 0.09) {
                String[] other = VOCABULARY[(category + 1 + rnd.nextInt(VOCABULARY.length - 1)) % VOCABULARY.length];
                word = other[rnd.nextInt(other.length)];
            } else {
                word = FILLER[rnd.nextInt(FILLER.length)];
            }
            if (k > 0) {
                text.append(' ');
            }
            text.append(word);
        }
        if (rnd.nextDouble() < 0.3) {
            text.append(rnd.nextBoolean() ? "?" : "!");
        }
        return text.toString();
    }
}
