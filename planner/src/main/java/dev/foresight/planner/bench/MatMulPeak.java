package dev.foresight.planner.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Measures this machine's single-threaded float matrix-multiply rate, the ceiling a CPU predictor
 * running on one core can approach: a tight Java kernel (four output rows per pass, an axpy inner
 * loop the JIT vectorises: the same kernel shape as {@code MlpWorldModel}) and EJML's {@code
 * CommonOps_FDRM.mult}. The peak is the faster of the two. Rates are per second of the measuring
 * thread's CPU time, so that a machine shared with other processes still gives the rate of one
 * core.
 */
public final class MatMulPeak {

  /**
   * Rates measured for square {@code size × size} products.
   *
   * @param size matrix dimension
   * @param javaKernelGflops median GFLOP/s (per CPU second) of the Java kernel
   * @param ejmlGflops median GFLOP/s (per CPU second) of EJML
   */
  public record Result(int size, double javaKernelGflops, double ejmlGflops) {
    /** The faster of the two, GFLOP/s. */
    public double peakGflops() {
      return Math.max(javaKernelGflops, ejmlGflops);
    }
  }

  private MatMulPeak() {}

  /**
   * Runs each kernel repeatedly for about {@code each} (after a warm-up of the same length) and
   * reports the median rate over repetitions.
   */
  public static Result measure(int size, Duration each) {
    SplittableRandom random = new SplittableRandom(1);
    float[] a = new float[size * size];
    float[] b = new float[size * size];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
      b[i] = (float) random.nextGaussian();
    }
    float[] c = new float[size * size];
    double flops = 2.0 * size * size * size;
    double java = medianRate(() -> multiply(size, a, b, c), flops, each);
    FMatrixRMaj ma = FMatrixRMaj.wrap(size, size, a);
    FMatrixRMaj mb = FMatrixRMaj.wrap(size, size, b);
    FMatrixRMaj mc = new FMatrixRMaj(size, size);
    double ejml = medianRate(() -> CommonOps_FDRM.mult(ma, mb, mc), flops, each);
    return new Result(size, java, ejml);
  }

  /**
   * {@code c = a b}, all {@code n × n} row-major: four rows of {@code c} per pass over {@code b},
   * accumulated in separate row arrays so that the JIT vectorises the axpy inner loop.
   */
  static void multiply(int n, float[] a, float[] b, float[] c) {
    float[] t0 = new float[n];
    float[] t1 = new float[n];
    float[] t2 = new float[n];
    float[] t3 = new float[n];
    int row = 0;
    for (; row + 4 <= n; row += 4) {
      java.util.Arrays.fill(t0, 0f);
      java.util.Arrays.fill(t1, 0f);
      java.util.Arrays.fill(t2, 0f);
      java.util.Arrays.fill(t3, 0f);
      int c0 = row * n;
      for (int k = 0; k < n; k++) {
        float x0 = a[c0 + k];
        float x1 = a[c0 + n + k];
        float x2 = a[c0 + 2 * n + k];
        float x3 = a[c0 + 3 * n + k];
        int bk = k * n;
        for (int j = 0; j < n; j++) {
          float w = b[bk + j];
          t0[j] += x0 * w;
          t1[j] += x1 * w;
          t2[j] += x2 * w;
          t3[j] += x3 * w;
        }
      }
      System.arraycopy(t0, 0, c, c0, n);
      System.arraycopy(t1, 0, c, c0 + n, n);
      System.arraycopy(t2, 0, c, c0 + 2 * n, n);
      System.arraycopy(t3, 0, c, c0 + 3 * n, n);
    }
    for (; row < n; row++) {
      java.util.Arrays.fill(t0, 0f);
      for (int k = 0; k < n; k++) {
        float x = a[row * n + k];
        for (int j = 0; j < n; j++) {
          t0[j] += x * b[k * n + j];
        }
      }
      System.arraycopy(t0, 0, c, row * n, n);
    }
  }

  private static double medianRate(Runnable kernel, double flopsPerRun, Duration each) {
    long budget = each.toNanos();
    long warmUpEnd = System.nanoTime() + budget;
    while (System.nanoTime() < warmUpEnd) {
      kernel.run();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] rates = new double[4096];
    int count = 0;
    long end = System.nanoTime() + budget;
    while ((System.nanoTime() < end || count < 3) && count < rates.length) {
      long start = threads.getCurrentThreadCpuTime();
      kernel.run();
      rates[count++] = flopsPerRun / Math.max(1, threads.getCurrentThreadCpuTime() - start);
    }
    return Stats.median(rates, count);
  }
}
