using Vigil.Logs.Formats;

namespace Vigil.Benchmarks.Logs;

/// <summary>Messages of a loghub-2k file, read from <c>../shared</c> next to the checkout (never copied into the repository).</summary>
internal static class LoghubLines
{
    public static string[] Contents(string system, string format)
    {
        var root = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                var path = Path.Combine(dir.FullName, "..", "shared", "datasets", "loghub", system, $"{system}_2k.log");
                if (!File.Exists(path))
                {
                    break;
                }
                var logFormat = LogFormat.Parse(format);
                var contents = new List<string>();
                foreach (var line in File.ReadLines(path))
                {
                    if (logFormat.TryParse(line, out var parsed))
                    {
                        contents.Add(parsed.Content);
                    }
                }
                return [.. contents];
            }
        }
        throw new InvalidOperationException($"The benchmarks need ../shared/datasets/loghub/{system} next to the checkout.");
    }
}
