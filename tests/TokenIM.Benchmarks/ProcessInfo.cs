using System.Globalization;

namespace TokenIM.Benchmarks;

/// <summary>What <c>/proc/&lt;pid&gt;</c> says about a process: resident memory, open files and their limit.</summary>
public static class ProcessInfo
{
    /// <summary><c>VmRSS</c> from <c>/proc/PID/status</c>, in KiB; null when unreadable.</summary>
    public static long? RssKiB(int pid) => StatusField(pid, "VmRSS:");

    /// <summary><c>VmHWM</c> (peak resident memory), in KiB.</summary>
    public static long? PeakRssKiB(int pid) => StatusField(pid, "VmHWM:");

    public static int? OpenFiles(int pid)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft <c>Max open files</c> limit of a process ("self" for this one).</summary>
    public static long? OpenFilesLimit(string pid = "self")
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var parts = line["Max open files".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return parts.Length > 0 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var soft)
                    ? soft
                    : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>
    /// CPU time the process has used (user + system, all threads) from <c>/proc/PID/stat</c>; null when unreadable.
    /// Read before and after a measured window, it gives the server's CPU cost per operation.
    /// </summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of stat(5) (utime, stime), here 11 and 12 after the state field; in clock ticks,
            // which are 1/100 s on Linux (USER_HZ).
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static bool Exists(int pid) => File.Exists($"/proc/{pid}/status");

    private static long? StatusField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib) ? kib : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
