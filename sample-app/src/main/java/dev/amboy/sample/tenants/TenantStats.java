package dev.amboy.sample.tenants;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/** Counts the work done per tenant. */
@Service
public class TenantStats {

  private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();

  public long recordDone(String tenant) {
    return done.computeIfAbsent(tenant, key -> new AtomicLong()).incrementAndGet();
  }

  public long done(String tenant) {
    AtomicLong count = done.get(tenant);
    return count == null ? 0 : count.get();
  }
}
