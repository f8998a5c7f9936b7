"""The operators' tools: the `quartier` command line (cli.py) and the ops service."""

import warnings

# Nameko imports eventlet, which warns of its deprecation at import: operators would read nine
# lines of it before every command's output. The services' launcher (runtime/serve.py) does the
# same.
warnings.filterwarnings("ignore", message="(?s).*Eventlet is deprecated")
