package shop.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time each process of the shop spent during a phase, from /proc/<pid>/stat. Divided by the
 * requests served this is the cost per request, a figure that other load on a shared machine
 * does not distort the way requests per second are distorted.
 */
final class CpuMeter {

  /** USER_HZ: Linux reports 100 ticks per second to user space on every common architecture. */
  private static final double TICK_MS = 10.0;

  private final Map<String, Long> pids;

  CpuMeter(Map<String, Long> pids) {
    this.pids = pids;
  }

  Map<String, Long> snapshot() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    pids.forEach((name, pid) -> ticks.put(name, ticks(pid)));
    return ticks;
  }

  /** Milliseconds of CPU per process between two snapshots. */
  static Map<String, Double> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> ms = new LinkedHashMap<>();
    after.forEach((name, t) -> {
      Long b = before.get(name);
      if (b != null && b >= 0 && t >= 0) {
        ms.put(name, (t - b) * TICK_MS);
      }
    });
    return ms;
  }

  static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name may hold spaces: fields are counted after its closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The mariadbd serving {@code port}, found by its command line; -1 when not found. */
  static long mariadbPid(int port) {
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmd.contains("mariadbd") && cmd.contains("--port=" + port)) {
            return Long.parseLong(name);
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
