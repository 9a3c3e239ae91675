"""The embedded broker: kombu's file-system transport, with messages that appear whole.

kombu writes a message by creating its file under the final name and then writing
into it. A worker polling the folder may move and read the file in between, find it
empty, and die on the JSON: under `make run` the worker stopped (and took the portal
down with it) when beat or the web process published while it polled, so a change
notice waited in the outbox for nobody. Here a message is written under a name the
worker does not take (it reads only names ending in `.<queue>.msg`) and renamed to its
final name once complete; a rename within one folder is atomic, so the worker finds no
file or the whole message.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = f"{final}.part"
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
