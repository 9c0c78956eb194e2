package dev.foresight.ros;

import dev.foresight.ros.xmlrpc.XmlRpcServer;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Hostile or broken peers for the abuse tests, on loopback. */
final class Peers {
  private Peers() {}

  /** What a fake publisher does with each TCPROS connection it accepts. */
  @FunctionalInterface
  interface Behaviour {
    void serve(Socket socket) throws IOException, InterruptedException;
  }

  /**
   * A publisher that follows the slave API far enough ({@code requestTopic} names its TCPROS port)
   * and then does what {@code behaviour} says with each TCPROS connection.
   */
  static final class FakePublisher implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ServerSocket tcpRos;
    private final XmlRpcServer slave;
    private final Thread acceptor;

    FakePublisher(EventLoopGroup group, Behaviour behaviour) throws Exception {
      tcpRos = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      int port = tcpRos.getLocalPort();
      slave =
          XmlRpcServer.start(
              group,
              "127.0.0.1",
              0,
              1 << 20,
              (method, params) -> List.of(1, "ready", List.of("TCPROS", "127.0.0.1", port)));
      acceptor =
          new Thread(
              () -> {
                while (!tcpRos.isClosed()) {
                  try {
                    Socket socket = tcpRos.accept();
                    accepted.incrementAndGet();
                    sockets.add(socket);
                    Thread worker =
                        new Thread(
                            () -> {
                              try {
                                behaviour.serve(socket);
                              } catch (IOException | InterruptedException e) {
                                // the subscriber closed it, or the test ended
                              }
                            },
                            "fake-publisher-connection");
                    worker.setDaemon(true);
                    worker.start();
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "fake-publisher-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI slaveUri() {
      return URI.create("http://127.0.0.1:" + slave.localAddress().getPort() + "/");
    }

    @Override
    public void close() throws IOException {
      tcpRos.close();
      slave.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /**
   * A peer that accepts every connection and never answers: it counts the connections open to it
   * (closing its end when the other side closes), so a test can see how many a node holds.
   */
  static final class HungPeer implements AutoCloseable {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger peakOpen = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;

    HungPeer() throws IOException {
      server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress("0.0.0.0", 0), 4096);
      server.configureBlocking(false);
      selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
      thread = new Thread(this::run, "hung-peer");
      thread.setDaemon(true);
      thread.start();
    }

    int port() throws IOException {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void run() {
      ByteBuffer scratch = ByteBuffer.allocate(8192);
      try {
        while (selector.isOpen()) {
          selector.select(100);
          if (!selector.isOpen()) {
            return;
          }
          // Closes first, then accepts, and the peak after both: a connection the node closed
          // before it opened the next is not counted as open beside it just because this thread
          // had not read its end-of-stream yet.
          for (SelectionKey key : selector.selectedKeys()) {
            if (key.isValid() && key.isReadable()) {
              SocketChannel channel = (SocketChannel) key.channel();
              int read;
              try {
                scratch.clear();
                read = channel.read(scratch);
              } catch (IOException reset) {
                read = -1;
              }
              if (read < 0) {
                key.cancel();
                channel.close();
                open.decrementAndGet();
              }
            }
          }
          for (SelectionKey key : selector.selectedKeys()) {
            if (key.isValid() && key.isAcceptable()) {
              SocketChannel channel;
              while ((channel = server.accept()) != null) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                accepted.incrementAndGet();
                open.incrementAndGet();
              }
            }
          }
          peakOpen.accumulateAndGet(open.get(), Math::max);
          selector.selectedKeys().clear();
        }
      } catch (IOException | java.nio.channels.ClosedSelectorException e) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      thread.interrupt();
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
      server.close();
    }
  }
}
