package dev.mledojo.task.practice.reference;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** The linear models behind the reference solutions: least squares (ridge-stabilised) and logistic regression. */
final class Models {

    private Models() {
    }

    /**
     * Least squares with an unpenalised intercept and a ridge term {@code lambda * n} on the other weights (a tiny
     * {@code lambda} keeps rank-deficient subsets solvable without changing well-posed fits).
     *
     * @return weights, the intercept first
     */
    static double[] leastSquares(double[][] x, double[] y, double lambda) {
        int n = x.length;
        int p = x[0].length + 1;
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            row[0] = 1;
            System.arraycopy(x[i], 0, row, 1, p - 1);
            for (int a = 0; a < p; a++) {
                xty[a] += row[a] * y[i];
                for (int b = a; b < p; b++) {
                    xtx[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                xtx[a][b] = xtx[b][a];
            }
            if (a > 0) {
                xtx[a][a] += lambda * n;
            }
        }
        RealMatrix m = new Array2DRowRealMatrix(xtx, false);
        return new LUDecomposition(m).getSolver().solve(new ArrayRealVector(xty, false)).toArray();
    }

    /** Logistic regression by full-batch gradient descent on the mean log-loss plus {@code l2/2 * |w|^2}. */
    static double[] logistic(double[][] x, double[] y, int iterations, double learningRate, double l2) {
        int n = x.length;
        int p = x[0].length + 1;
        double[] w = new double[p];
        double[] grad = new double[p];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < n; i++) {
                double err = sigmoid(linear(w, x[i])) - y[i];
                grad[0] += err;
                for (int j = 1; j < p; j++) {
                    grad[j] += err * x[i][j - 1];
                }
            }
            w[0] -= learningRate * grad[0] / n;
            for (int j = 1; j < p; j++) {
                w[j] -= learningRate * (grad[j] / n + l2 * w[j]);
            }
        }
        return w;
    }

    /** The linear predictor {@code w0 + w . x}. */
    static double linear(double[] w, double[] x) {
        double s = w[0];
        for (int j = 0; j < x.length; j++) {
            s += w[j + 1] * x[j];
        }
        return s;
    }

    static double sigmoid(double z) {
        return 1 / (1 + StrictMath.exp(-z));
    }
}
