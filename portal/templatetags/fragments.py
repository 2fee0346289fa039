from django import template

from portal.fragments import do_fragment

register = template.Library()
register.tag("fragment", do_fragment)
