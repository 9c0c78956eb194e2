package dev.foresight.planner.bench;

import dev.foresight.planner.models.FloatGemm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Measures this machine's single-threaded float matrix-multiply rate, the ceiling a CPU predictor
 * running on one core can approach: the Java kernel {@link FloatGemm} (the one {@code
 * MlpWorldModel} runs on) and EJML's {@code CommonOps_FDRM.mult}. The peak is the faster of the
 * two. Rates are per second of the measuring thread's CPU time, so that a machine shared with other
 * processes still gives the rate of one core.
 */
public final class MatMulPeak {

  /**
   * Rates measured for square {@code size × size} products.
   *
   * @param size matrix dimension
   * @param javaKernelGflops best GFLOP/s (per CPU second) of the Java kernel over repetitions
   * @param ejmlGflops best GFLOP/s (per CPU second) of EJML over repetitions
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
   * reports the best rate over repetitions: a peak, the least disturbed run on a shared machine.
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
    FloatGemm gemm = new FloatGemm(size);
    double java = bestRate(() -> gemm.multiply(size, a, size, b, size, null, c), flops, each);
    FMatrixRMaj ma = FMatrixRMaj.wrap(size, size, a);
    FMatrixRMaj mb = FMatrixRMaj.wrap(size, size, b);
    FMatrixRMaj mc = new FMatrixRMaj(size, size);
    double ejml = bestRate(() -> CommonOps_FDRM.mult(ma, mb, mc), flops, each);
    return new Result(size, java, ejml);
  }

  /**
   * The best rate of {@code kernel}, FLOP per CPU nanosecond of the calling thread (GFLOP/s), over
   * repetitions for about {@code each} after a warm-up of the same length. The kernel must do its
   * work on the calling thread.
   */
  public static double bestRate(Runnable kernel, double flopsPerRun, Duration each) {
    // Warm-up and measurement are both counted in CPU time, so a busy machine cannot cut the
    // JIT's warm-up short.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long budget = each.toNanos();
    long warmUpStart = threads.getCurrentThreadCpuTime();
    while (threads.getCurrentThreadCpuTime() - warmUpStart < budget) {
      kernel.run();
    }
    double[] rates = new double[4096];
    int count = 0;
    long measureStart = threads.getCurrentThreadCpuTime();
    while ((threads.getCurrentThreadCpuTime() - measureStart < budget || count < 3)
        && count < rates.length) {
      long start = threads.getCurrentThreadCpuTime();
      kernel.run();
      rates[count++] = flopsPerRun / Math.max(1, threads.getCurrentThreadCpuTime() - start);
    }
    return Stats.quantile(rates, count, 1.0);
  }
}
