package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatestValueBufferTest {
  static final class Pair {
    long a;
    long b;
  }

  @Test
  void readerSeesOnlyTheLatestPublishedValue() {
    LatestValueBuffer<Pair> buffer = new LatestValueBuffer<>(Pair::new);
    assertThat(buffer.update()).isFalse();
    for (long v = 1; v <= 3; v++) {
      buffer.writeSlot().a = v;
      buffer.publish();
    }
    assertThat(buffer.update()).isTrue();
    assertThat(buffer.readSlot().a).isEqualTo(3);
    assertThat(buffer.update()).as("nothing new since").isFalse();
    assertThat(buffer.readSlot().a).isEqualTo(3);
  }

  @Test
  void concurrentReaderNeverSeesATornOrOlderValue() throws InterruptedException {
    LatestValueBuffer<Pair> buffer = new LatestValueBuffer<>(Pair::new);
    long count = 300_000;
    Thread writer =
        new Thread(
            () -> {
              for (long v = 1; v <= count; v++) {
                Pair slot = buffer.writeSlot();
                slot.a = v;
                slot.b = -v;
                buffer.publish();
              }
            });
    AtomicLong torn = new AtomicLong();
    AtomicLong backwards = new AtomicLong();
    writer.start();
    long last = 0;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (last < count && System.nanoTime() < deadline) {
      if (buffer.update()) {
        Pair p = buffer.readSlot();
        if (p.a != -p.b) {
          torn.incrementAndGet();
        }
        if (p.a < last) {
          backwards.incrementAndGet();
        }
        last = p.a;
      }
    }
    writer.join();
    assertThat(torn.get()).as("torn reads").isZero();
    assertThat(backwards.get()).as("values older than one already read").isZero();
    assertThat(last).as("the final value arrives").isEqualTo(count);
  }
}
