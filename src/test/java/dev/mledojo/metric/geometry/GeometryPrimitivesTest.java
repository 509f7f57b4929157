package dev.mledojo.metric.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GeometryPrimitivesTest {

    private static final Runs.Rules SETS = new Runs.Rules(0, 1, false, 0);

    @Test
    void iou_thresholds_are_numpys_drifted_arange() {
        assertThat(Thresholds.iouSweep()).containsExactly(0.5, 0.55, 0.6000000000000001, 0.6500000000000001,
                0.7000000000000002, 0.7500000000000002, 0.8000000000000003, 0.8500000000000003, 0.9000000000000004,
                0.9500000000000004);
    }

    @Test
    void runs_merge_overlaps_and_intersect_without_decoding() {
        Runs a = Runs.parse("3 4 1 4", SETS); // {1..6}, listed out of order and overlapping
        assertThat(a.size()).isEqualTo(6);
        assertThat(a.runCount()).isEqualTo(1);
        Runs b = Runs.parse("5 10 100 1", SETS); // {5..14, 100}
        assertThat(Runs.intersection(a, b)).isEqualTo(2);
        assertThat(Runs.intersection(b, a)).isEqualTo(2);
        assertThat(Runs.parse(null, SETS).isEmpty()).isTrue();
        assertThat(Runs.parse(" \t", SETS).isEmpty()).isTrue();
        assertThat(Runs.parse("1 1000000000000", SETS).size()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void fixed_masks_are_one_based_and_cut_at_the_image_end() {
        Runs.Rules tenPixels = Runs.Rules.fixed(10, 1);
        Runs r = Runs.parse("9 5", tenPixels);
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.start(0)).isEqualTo(8);
        assertThat(r.end(0)).isEqualTo(10);
        assertThat(Runs.parse("11 3", tenPixels).isEmpty()).isTrue();
        assertThat(Runs.parse("1 0", Runs.Rules.fixed(10, 0)).isEmpty()).isTrue();
    }

    @Test
    void malformed_runs_name_the_problem() {
        assertThatThrownBy(() -> Runs.parse("1 2 3", SETS)).isInstanceOf(CellFormatException.class)
                .hasMessage("it has an odd number of values (3); an RLE is a list of 'start length' pairs");
        assertThatThrownBy(() -> Runs.parse("1 2.0", SETS)).hasMessage("value '2.0' is not an integer");
        assertThatThrownBy(() -> Runs.parse("-1 2", SETS)).hasMessage("start -1 is negative");
        assertThatThrownBy(() -> Runs.parse("0 2", Runs.Rules.fixed(10, 1)))
                .hasMessage("start 0 is below 1 (starts are 1-based)");
        assertThatThrownBy(() -> Runs.parse("5 0", SETS)).hasMessage("run length 0 at start 5 is not positive");
        assertThatThrownBy(() -> Runs.parse("5 -1", Runs.Rules.fixed(10, 0)))
                .hasMessage("run length -1 at start 5 is negative");
        assertThatThrownBy(() -> Runs.parse("1 99999999999999999999", SETS))
                .hasMessage("value '99999999999999999999' is too large");
    }

    @Test
    void repeated_pixels_are_refused_only_where_asked() {
        Runs.Rules strict = new Runs.Rules(1, 1, true, 0);
        assertThat(Runs.parse("1 2 3 2", strict).size()).isEqualTo(4); // touching runs share no pixel
        assertThatThrownBy(() -> Runs.parse("1 3 3 2", strict)).isInstanceOf(CellFormatException.class)
                .hasMessage("pixel 3 is covered by two runs (decoded pixels are duplicated)");
        assertThat(Runs.parse("1 3 3 2", SETS).size()).isEqualTo(4);
    }

    @Test
    void shared_pixels_between_masks() {
        Runs a = Runs.parse("1 3", SETS);
        Runs b = Runs.parse("10 2 4 2", SETS);
        Runs c = Runs.parse("11 5", SETS);
        assertThat(Runs.firstSharedPixel(List.of(a, b))).isEqualTo(-1);
        assertThat(Runs.firstSharedPixel(List.of(a, b, c))).isEqualTo(11);
    }

    @Test
    void python_numbers() {
        assertThat(PyNumbers.parseInt("+7")).isEqualTo(7);
        assertThat(PyNumbers.parseInt("007")).isEqualTo(7);
        assertThat(PyNumbers.parseInt("1_000")).isEqualTo(1000);
        assertThat(PyNumbers.parseFloat("1_0.5")).isEqualTo(10.5);
        assertThat(PyNumbers.parseFloat(".5")).isEqualTo(0.5);
        assertThat(PyNumbers.parseFloat("5.")).isEqualTo(5.0);
        assertThat(PyNumbers.parseFloat("-1E3")).isEqualTo(-1000.0);
        assertThat(PyNumbers.parseFloat("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PyNumbers.parseFloat("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PyNumbers.parseFloat("NaN")).isNaN();
        for (String bad : List.of("1d", "0x10", "abc", "1__0", "_1", "1e", "")) {
            assertThatThrownBy(() -> PyNumbers.parseFloat(bad)).isInstanceOf(CellFormatException.class)
                    .hasMessage("value '" + bad + "' is not a number");
        }
        assertThat(PyNumbers.max(Double.NaN, 1)).isNaN();
        assertThat(PyNumbers.max(1, Double.NaN)).isEqualTo(1);
        assertThat(PyNumbers.min(2, Double.NaN)).isEqualTo(2);
    }

    @Test
    void hausdorff_of_the_worked_example() {
        Runs.Rules rules = Runs.Rules.fixed(512 * 512, 0);
        Runs truth = Runs.parse("1 2", rules); // (0,0), (1,0)
        Runs pred = Runs.parse("1 1 513 1", rules); // (0,0), (0,1)
        assertThat(Hausdorff.distance(truth, pred, 512, 512)).isEqualTo(1.0 / 512);
        Runs corner = Runs.parse("262144 1", rules); // (511, 511)
        assertThat(Hausdorff.distance(truth, corner, 512, 512)).isEqualTo(Math.sqrt(511.0 * 511 + 511 * 511) / 512);
    }

    @Test
    void hausdorff_by_distance_transform_equals_brute_force() {
        Random random = new Random(12);
        int[][] shapes = {{512, 512}, {7, 5}, {5, 9}, {64, 64}, {1, 30}, {30, 1}};
        for (int[] shape : shapes) {
            int h = shape[0];
            int w = shape[1];
            for (int trial = 0; trial < 60; trial++) {
                Runs a = randomMask(random, h, w);
                Runs b = randomMask(random, h, w);
                assertThat(Hausdorff.weightedSquared(a, b, h, w)).as("shape %dx%d trial %d", h, w, trial)
                        .isEqualTo(bruteForce(a, b, h, w));
            }
        }
    }

    /** A few random runs (blobs spanning columns), never empty. */
    private static Runs randomMask(Random random, int h, int w) {
        int pixels = h * w;
        int runs = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            int start = 1 + random.nextInt(pixels);
            int length = 1 + random.nextInt(Math.max(1, Math.min(pixels / 4, 300)));
            sb.append(start).append(' ').append(length).append(' ');
        }
        return Runs.parse(sb.toString(), Runs.Rules.fixed(pixels, 1));
    }

    private static long bruteForce(Runs a, Runs b, int h, int w) {
        List<int[]> pa = pixels(a, h);
        List<int[]> pb = pixels(b, h);
        return Math.max(directed(pa, pb, h, w), directed(pb, pa, h, w));
    }

    private static long directed(List<int[]> from, List<int[]> to, int h, int w) {
        long max = 0;
        for (int[] p : from) {
            long min = Long.MAX_VALUE;
            for (int[] q : to) {
                long dr = (long) (p[0] - q[0]) * w;
                long dc = (long) (p[1] - q[1]) * h;
                min = Math.min(min, dr * dr + dc * dc);
            }
            max = Math.max(max, min);
        }
        return max;
    }

    private static List<int[]> pixels(Runs m, int h) {
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < m.runCount(); k++) {
            for (long i = m.start(k); i < m.end(k); i++) {
                out.add(new int[] {(int) (i % h), (int) (i / h)});
            }
        }
        return out;
    }
}
