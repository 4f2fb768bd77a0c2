package dev.amboy.postgres;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * A socket factory for pgjdbc's {@code socketFactory} property whose sockets count the writes to
 * their output streams. pgjdbc writes its buffer once per flush, and flushes once per round trip it
 * starts, so the count is the number of round trips the driver started.
 */
public final class CountingSocketFactory extends SocketFactory {

  /** Writes of every socket this factory made. */
  static final AtomicLong WRITES = new AtomicLong();

  @Override
  public Socket createSocket() {
    return new CountingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(address, port));
  }

  private static Socket connected(InetSocketAddress address) throws IOException {
    Socket socket = new CountingSocket();
    socket.connect(address);
    return socket;
  }

  private static final class CountingSocket extends Socket {

    @Override
    public OutputStream getOutputStream() throws IOException {
      return new FilterOutputStream(super.getOutputStream()) {
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          WRITES.incrementAndGet();
          out.write(bytes, offset, length);
        }

        @Override
        public void write(int b) throws IOException {
          WRITES.incrementAndGet();
          out.write(b);
        }
      };
    }
  }
}
