"""Reading a Layout into rows with roles: the model, the readers and the loop (see :mod:`pipeline.reading.model`)."""
