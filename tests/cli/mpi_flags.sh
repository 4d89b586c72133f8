#!/bin/sh
# The options the MPI tests give mpirun: Open MPI refuses to run as root
# without --allow-run-as-root, and --oversubscribe lets more ranks than
# cores share a small CI machine.
if [ "$(id -u)" = 0 ]; then echo "--allow-run-as-root --oversubscribe"; fi
