"""Stand-in for the PyPI `zstandard` package, just enough for shared/tools/gen_evil_archives.py.

The generator writes its three .tar.zst cases only when `import zstandard` works. The tests put this
directory on PYTHONPATH so those cases are always generated, compressing through the `zstd` command
(Debian's zstd package, installed by .ci/run) instead of the Python binding: same libzstd, no PyPI.
"""
import subprocess


class ZstdCompressor:
    def __init__(self, level=3):
        self.level = level

    def compress(self, data):
        return subprocess.run(["zstd", "-q", "-c", "-%d" % self.level], input=data, stdout=subprocess.PIPE,
                              check=True).stdout
