using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Vigil.Server.Hosting;

/// <summary>
/// The console's files, embedded in this assembly under the logical names <c>console/PATH</c> (see the project file),
/// as a file provider for the static files middleware. Hand-written rather than the Embedded file provider package:
/// that package's own copy of Microsoft.Extensions.Primitives broke <c>vigil</c> started from another app's folder.
/// </summary>
internal sealed class EmbeddedConsoleFiles(Assembly assembly) : IFileProvider
{
    private const string Prefix = "console/";
    private readonly HashSet<string> _names = [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))];
    private readonly DateTimeOffset _built = File.Exists(assembly.Location) ? File.GetLastWriteTimeUtc(assembly.Location) : DateTimeOffset.UnixEpoch;

    public IFileInfo GetFileInfo(string subpath)
    {
        var name = Prefix + subpath.TrimStart('/');
        return _names.Contains(name) ? new ResourceFile(assembly, name, _built) : new NotFoundFileInfo(subpath);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class ResourceFile(Assembly assembly, string name, DateTimeOffset built) : IFileInfo
    {
        public bool Exists => true;

        public long Length { get; } = Measure(assembly, name);

        public string? PhysicalPath => null;

        public string Name => name[(name.LastIndexOf('/') + 1)..];

        public DateTimeOffset LastModified => built;

        public bool IsDirectory => false;

        public Stream CreateReadStream() => assembly.GetManifestResourceStream(name) ?? throw new FileNotFoundException(name);

        private static long Measure(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name);
            return stream?.Length ?? 0;
        }
    }
}
