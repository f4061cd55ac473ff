"""Thin routers: pick a service call, bind parameters, return its typed answer."""
