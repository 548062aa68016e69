"""Telling running Asterisk nodes about changes, over the Asterisk Manager Interface (AMI).

* ``client``: the AMI line protocol over TCP, MD5 challenge login, pipelined actions.
* ``targets``: the nodes to tell, rows of our own table ``asterisk_ara_ami`` (``asterisk-ara ami add``).
* ``changes``: what a transaction changed (objects to expire, clients whose calls to end).
* ``notify``: the actions that make every node see a change (``SorceryMemoryCacheExpireObject``, ...).
* ``hook``: the work registered with the database layer (``Database.after_commit``) that tells the nodes once a
  transaction commits, and how outcomes reach the CLI. The database layer imports nothing of this package.
* ``manager_conf``: the least-privilege ``manager.conf`` that ``conf write`` writes.

Only ``changes`` and ``hook`` are imported on the way of every write; both use the standard library alone.
"""
