"""Progress bars of management commands, written to the command's own stderr."""


class ProgressStream:
    """A command's stderr for tqdm: its redraws ("\\r...") written as they come, without the newline and
    the colour Django's OutputWrapper adds to each write."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, style_func=str, ending="")

    def flush(self):
        self.stream.flush()

    def __getattr__(self, name):  # encoding, isatty ...: what tqdm asks of a stream, answered by the real one
        return getattr(self.stream, name)
