package dev.mledojo.metric.geometry;

/**
 * A structured cell (RLE, box or point list) that cannot be read; the message says what is wrong, without the row,
 * which the metric adds when it turns this into an invalid submission (or, for the answers, a scoring failure).
 */
final class CellFormatException extends RuntimeException {

    CellFormatException(String message) {
        super(message, null, false, false);
    }
}
