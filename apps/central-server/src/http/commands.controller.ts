import { Controller, Get, Param } from '@nestjs/common';
import { canSeeBranch, Principal } from '@lobby/access';
import { CommandsService } from '@lobby/fleet';
import { notFound } from '@lobby/platform';
import { CurrentPrincipal } from './principal.decorator';

@Controller('api/commands')
export class CommandsController {
  constructor(private readonly commands: CommandsService) {}

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const command = id.length <= 64 ? await this.commands.get(id) : null;
    if (!command || !canSeeBranch(principal, command.branchId)) throw notFound(`command ${id}`);
    return command;
  }
}
