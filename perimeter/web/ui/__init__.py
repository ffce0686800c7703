"""The analyst's workspace: server-rendered pages under /ui, a little progressive JavaScript, no build chain."""
