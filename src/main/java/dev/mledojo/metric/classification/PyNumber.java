package dev.mledojo.metric.classification;

/** Short number text for messages: integers without a trailing ".0". */
final class PyNumber {

    private PyNumber() {
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
