from django import template

from portal.caching.fragments import do_fragment

register = template.Library()
register.tag("fragment", do_fragment)
