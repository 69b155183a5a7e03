"""One window per data folder: a lock file, and a local socket to bring the first forward.

The first copy of the app on a data folder holds ``chuangcheng.lock`` there (QLockFile)
and listens on a local server named from a hash of the folder. A second copy fails to take
the lock, connects to that server, asks the first window to come forward and exits without
touching the data. If nobody answers within a second, it says the data is in use.
"""

from __future__ import annotations

import hashlib
import logging
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

LOCK_NAME = "chuangcheng.lock"
ASK = b"show\n"
ANSWER = b"ok\n"
TIMEOUT_MS = 400

TEXT = {
    "in_use": ("数据文件夹“{folder}”正在被另一个创城台账窗口使用，但那个窗口没有响应。\n"
               "为保护数据，本窗口不会打开它。请先关闭另一个窗口（或稍等片刻）后再试；"
               "如果确认没有其他窗口，请重启电脑后再打开。"),
    "raised": "创城台账已经打开，已切换到已打开的窗口。",
}


class Claim(Enum):
    FIRST = "first"      # this process owns the data folder
    RAISED = "raised"    # another process owns it and came forward
    IN_USE = "in_use"    # another process owns it and did not answer


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()
    return f"chuangcheng-{digest[:24]}"


class SingleInstance(QObject):
    """Owns (or fails to own) a data folder; ``activation_requested`` when asked to show."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self.lock: QLockFile | None = None
        self.server: QLocalServer | None = None

    def claim(self) -> Claim:
        """Take the folder, or ask its owner to come forward. Returns within about a second."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            logger.warning("cannot create %s for the lock", self.data_dir)
        lock = QLockFile(str(self.data_dir / LOCK_NAME))
        lock.setStaleLockTime(0)  # held for hours; only a dead owner makes it stale
        if lock.tryLock(0):
            self.lock = lock
            self._listen()
            return Claim.FIRST
        if lock.error() != QLockFile.LockError.LockFailedError:
            # read-only folder, etc.: no lock possible; opening will report what is wrong
            logger.warning("lock file not usable in %s: %s", self.data_dir, lock.error())
            self._listen()
            return Claim.FIRST
        return Claim.RAISED if ask_owner_to_show(self.name) else Claim.IN_USE

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a leftover from a crashed owner
        if not server.listen(self.name):
            logger.warning("local server %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._answer)
        self.server = server

    def _answer(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._reply(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._reply(socket)

    def _reply(self, socket: QLocalSocket) -> None:
        if socket.canReadLine() and socket.readLine().data() == ASK:
            socket.write(ANSWER)
            socket.flush()
            self.activation_requested.emit()


def ask_owner_to_show(name: str, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask the owner listening on ``name`` to come forward; True when it answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(ASK)
    socket.flush()
    answered = False
    if socket.waitForBytesWritten(timeout_ms) or socket.bytesToWrite() == 0:
        while socket.waitForReadyRead(timeout_ms):
            if socket.canReadLine():
                answered = socket.readLine().data() == ANSWER
                break
    socket.disconnectFromServer()
    return answered
